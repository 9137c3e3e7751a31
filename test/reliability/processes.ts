// Starting and killing the processes of the reliability suite: each is spawned, read until it says what it injected,
// then SIGKILLed, so that nothing of netpart runs when the fault's expiry comes.
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from '../../testbed/index.ts';

/** A spawned process and the stdout it printed so far. */
export interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Spawns `node --import tsx <args>` in the repo with extra env. */
export function spawnTsx(args: string[], env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves with the first match of `pattern` in the process's stdout; rejects if it exits or times out first. */
export async function readUntil(p: Spawned, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  let done = false;
  void p.exited.then(() => (done = true));
  for (;;) {
    const match = p.stdout().match(pattern);
    if (match) return match;
    if (done) throw new Error(`process exited before printing ${pattern}: ${p.stderr().slice(-1500)}\n${p.stdout().slice(-1500)}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms: ${p.stderr().slice(-1500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** SIGKILLs the process (if it still runs) and waits until it is gone: no handler of ours runs. */
export async function killHard(p: Spawned): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await p.exited;
}

/** True while a pid exists (signal 0 probes without killing). */
export function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
