// Long-running daemons of the node namespace (kube-router or Felix, kube-proxy): started in their own process group, stopped as one.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { inNetns } from './exec.ts';

/** Starts argv in `netns` as a detached process group (extra `env` on top of ours); output is appended to `<stateDir>/<name>.log`. */
export function startNodeProcess(name: string, netns: string, argv: readonly string[], stateDir: string, env: Record<string, string> = {}): ChildProcess {
  const log = openSync(join(stateDir, `${name}.log`), 'a');
  const full = inNetns(netns, argv);
  const child = spawn(full[0]!, full.slice(1), { detached: true, stdio: ['ignore', log, log], env: { ...process.env, ...env } });
  child.unref();
  return child;
}

/** Stops a process group started by startNodeProcess: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopNodeProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, graceMs);
  await exited;
  clearTimeout(timer);
}
