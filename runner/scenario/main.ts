// The runner main (the Job's entrypoint). The start-up sweep's first request goes out before the rest of the runner is
// even loaded (after-start.ts is another entry of the bundle), so loading overlaps that round trip. This file and what
// it imports statically (start-up.ts: no client-node, no zod) are built apart into one self-contained file, twice:
// runner/main.cjs, what the image runs (CommonJS: Node starts it without initialising its ES module loader, ~7 ms of a
// ~60 ms start), and runner/main.mjs, the same as an ES module for whoever runs that path (scripts/build.ts).
import { EVENTS } from '../contract/events.ts';
import module from 'node:module';
import { startUp } from './start-up.ts';

// Node ≥ 22.1 can keep V8's compiled code of the bundle between runs (compiling it was most of the cold start); on
// Node 20 this is a no-op. Enabled before the rest is imported, so that chunk is covered. Never fatal.
try {
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
} catch {
  // a read-only or missing cache directory only costs the speed-up
}

const start = startUp();
// How the fatal record words an error: the runner's own wording once it is loaded.
let describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The rest of the runner, loaded once the first request is out: runs the scenario and returns the exit code. */
async function runRest(): Promise<number> {
  // Compiling the rest blocks the thread for tens of ms: let the request reach the socket first (bounded, in case the
  // connection is slow to open: loading then overlaps the wait instead).
  await Promise.race([start.sent, new Promise((resolve) => setTimeout(resolve, 100))]);
  const { runMain, errorMessage } = await import('./after-start.ts');
  describe = errorMessage;
  return runMain(start);
}

// No top-level await: the same source is also built as runner/main.cjs (see scripts/build.ts), which Node starts
// without its ES module loader.
runRest().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Only a bug in the runner itself lands here; still end with one parseable record.
    process.stdout.write(
      `${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), msg: EVENTS.scenarioResult, scenario: process.env.NETPART_SCENARIO ?? '(unknown)', status: 'error', endedBy: 'error', reason: describe(error), steps: [], faults: [], metrics: {} })}\n`,
    );
    process.exit(2);
  },
);
