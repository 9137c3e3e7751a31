// Starting and stopping the testbed's child processes, each in its own process group.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { isAlive, type ManagedProcess } from './state.ts';

/** Asks the kernel for a free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Spawns `argv` detached (own process group, survives the CLI exiting) with output appended to `log`. */
export function startDetached(name: string, argv: string[], log: string, env: NodeJS.ProcessEnv = process.env): ManagedProcess {
  const [command, ...args] = argv;
  if (!command) throw new Error(`${name}: empty command`);
  const fd = openSync(log, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], env });
    if (child.pid === undefined) throw new Error(`${name}: spawn of ${command} failed`);
    child.unref();
    return { name, pid: child.pid, log };
  } finally {
    closeSync(fd);
  }
}

/** Sends `signal` to the whole process group led by `pid`; false when it was already gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Stops process groups in reverse start order: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcesses(processes: readonly ManagedProcess[], graceMs = 5000): Promise<void> {
  for (const p of [...processes].reverse()) {
    if (!signalGroup(p.pid, 'SIGTERM')) continue;
    const deadline = Date.now() + graceMs;
    while (isAlive(p.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    signalGroup(p.pid, 'SIGKILL');
  }
}
