// Runs inside a pod's network namespace (`ip netns exec … node --import tsx dialer.ts`): the enforcement probe's new-
// connection polling (dialTcp + timeToRecover, one success, in staggered lanes) on command, reporting wall-clock times so the bench can
// place each attempt against its own inject/recover calls without counting the pipe.
import { createInterface } from 'node:readline';
import { timeToRecover } from '../../runner/checks/recover.ts';
import { sleep } from '../../runner/checks/sleep.ts';
import { dialTcp } from '../../runner/checks/tcp.ts';

/** One command line: `until` polls until a dial gives `connected === want`; `once` dials once. */
interface Command {
  id: number;
  op: 'until' | 'once';
  host: string;
  port: number;
  want?: boolean;
  waitMs?: number;
  intervalMs?: number;
  dialTimeoutMs?: number;
}

const wallNow = () => performance.timeOrigin + performance.now();

/**
 * ms of the first attempt giving `connected === want`. An enforcer that drops (Felix) makes each failed attempt wait its
 * whole connect timeout, so one lane would only try every 500 ms: staggered lanes (the probe's concurrency idea) start
 * an attempt every `intervalMs` overall; the first lane to see the outcome ends the others.
 */
async function firstOutcome(c: Command, dialTimeoutMs: number, intervalMs: number): Promise<number | null> {
  const check = async () => ((await dialTcp(c.host, c.port, dialTimeoutMs)) === 'connected') === c.want;
  const lanes = Math.max(1, Math.ceil(dialTimeoutMs / intervalMs));
  const stop = new AbortController();
  const startedAt = wallNow();
  const found = await Promise.all(
    Array.from({ length: lanes }, async (_, i) => {
      await sleep(i * intervalMs, stop.signal);
      if (stop.signal.aborted) return null;
      const laneAt = wallNow();
      const waitMs = (c.waitMs ?? 15_000) - (laneAt - startedAt);
      const ms = await timeToRecover({ check, timeoutMs: Math.max(1, waitMs), intervalMs: lanes * intervalMs, consecutive: 1, signal: stop.signal });
      if (ms === null) return null;
      stop.abort();
      return laneAt + ms;
    }),
  );
  const seen = found.filter((at): at is number => at !== null);
  return seen.length === 0 ? null : Math.min(...seen);
}

async function handle(c: Command): Promise<object> {
  const dialTimeoutMs = c.dialTimeoutMs ?? 500;
  if (c.op === 'once') return { id: c.id, outcome: await dialTcp(c.host, c.port, dialTimeoutMs) };
  return { id: c.id, at: await firstOutcome(c, dialTimeoutMs, c.intervalMs ?? 100) };
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line) as Command;
  void handle(command).then(
    (answer) => process.stdout.write(`${JSON.stringify(answer)}\n`),
    (error: unknown) => process.stdout.write(`${JSON.stringify({ id: command.id, error: String(error) })}\n`),
  );
});
process.stdout.write('ready\n');
