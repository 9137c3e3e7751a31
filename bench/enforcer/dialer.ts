// Runs inside a pod's network namespace (`ip netns exec … node --import tsx dialer.ts`): the enforcement probe's new-
// connection polling (dialTcp + timeToRecover, one success) on command, reporting wall-clock times so the bench can
// place each attempt against its own inject/recover calls without counting the pipe.
import { createInterface } from 'node:readline';
import { timeToRecover } from '../../runner/checks/recover.ts';
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

async function handle(c: Command): Promise<object> {
  const dialTimeoutMs = c.dialTimeoutMs ?? 500;
  if (c.op === 'once') return { id: c.id, outcome: await dialTcp(c.host, c.port, dialTimeoutMs) };
  const startedAt = wallNow();
  const check = async () => ((await dialTcp(c.host, c.port, dialTimeoutMs)) === 'connected') === c.want;
  const ms = await timeToRecover({ check, timeoutMs: c.waitMs ?? 15_000, intervalMs: c.intervalMs ?? 100, consecutive: 1 });
  return { id: c.id, at: ms === null ? null : startedAt + ms };
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line) as Command;
  void handle(command).then(
    (answer) => process.stdout.write(`${JSON.stringify(answer)}\n`),
    (error: unknown) => process.stdout.write(`${JSON.stringify({ id: command.id, error: String(error) })}\n`),
  );
});
process.stdout.write('ready\n');
