// The bench's side of bench/enforcer/dialer.ts: one dialer process per pod network namespace, driven over stdin.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { inNetns } from '../../testbed/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** Pacing of `firstAt`: an attempt starts this often; each waits up to DIAL_TIMEOUT_MS (the enforcement probe's). */
export const ATTEMPT_EVERY_MS = 25;
export const DIAL_TIMEOUT_MS = 500;

/** Raised when the dialer process cannot start or answers with an error. */
export class DialerError extends Error {
  override name = 'DialerError';
}

/** New-connection checks made from inside one pod. */
export interface PodDialer {
  /** Wall-clock ms (epoch) of the first attempt whose outcome is `connected === want`, or null within `waitMs`. */
  firstAt(host: string, port: number, want: boolean, waitMs: number): Promise<number | null>;
  /** One new connection attempt's outcome (connected, refused, timeout, error:…). */
  once(host: string, port: number): Promise<string>;
  close(): void;
}

/** Starts the dialer in network namespace `netns`; resolves once it is ready. */
export async function startDialer(netns: string): Promise<PodDialer> {
  const argv = inNetns(netns, [process.execPath, '--import', 'tsx', resolve(ROOT, 'bench/enforcer/dialer.ts')]);
  const child = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => ['exited'])])) as string[];
  if (first !== 'ready') throw new DialerError(`the dialer in ${netns} did not start (${first}); is ${netns} a pod network namespace on this host?`);
  const pending = new Map<number, (answer: Record<string, unknown>) => void>();
  lines.on('line', (line) => {
    const answer = JSON.parse(line) as Record<string, unknown>;
    pending.get(answer.id as number)?.(answer);
    pending.delete(answer.id as number);
  });
  // A dialer that dies (killed, netns gone) must fail the waiting figure, not hang the bench.
  child.once('exit', (code, signal) => {
    for (const done of pending.values()) done({ error: `exited (${signal ?? code})` });
    pending.clear();
  });
  let next = 0;
  const ask = (command: object) =>
    new Promise<Record<string, unknown>>((done) => {
      const id = next++;
      pending.set(id, done);
      child.stdin.write(`${JSON.stringify({ id, ...command })}\n`);
    });
  return {
    async firstAt(host, port, want, waitMs) {
      const answer = await ask({ op: 'until', host, port, want, waitMs, intervalMs: ATTEMPT_EVERY_MS, dialTimeoutMs: DIAL_TIMEOUT_MS });
      if ('error' in answer) throw new DialerError(`dialer in ${netns}: ${String(answer.error)}`);
      return answer.at as number | null;
    },
    async once(host, port) {
      const answer = await ask({ op: 'once', host, port, dialTimeoutMs: DIAL_TIMEOUT_MS });
      if ('error' in answer) throw new DialerError(`dialer in ${netns}: ${String(answer.error)}`);
      return String(answer.outcome);
    },
    close: () => child.kill('SIGKILL'),
  };
}
