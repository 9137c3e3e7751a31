// One container process: spawned in its own process group, output stamped into its log file.
import { spawn } from 'node:child_process';
import { signalGroup } from '../processes.ts';
import { LogWriter } from './log-file.ts';

/** How a container process ended. */
export interface ContainerExit {
  exitCode: number;
  signal: NodeJS.Signals | null;
  finishedAt: Date;
}

/** A started container process. */
export interface ContainerProcess {
  pid: number;
  startedAt: Date;
  exited: Promise<ContainerExit>;
  /** Signals the container's whole process group; false when it is already gone. */
  kill(signal: NodeJS.Signals): boolean;
}

/** Raised when the process cannot be spawned at all (bad binary), reported as a StartError-like terminated state. */
export class ContainerStartError extends Error {
  override name = 'ContainerStartError';
}

/** Spawns `argv` with exactly `env` (no agent variables leak in) and logs to `logPath`. */
export function startContainer(argv: readonly string[], env: Record<string, string>, logPath: string): ContainerProcess {
  const [command, ...args] = argv;
  if (!command) throw new ContainerStartError('empty container command');
  const log = new LogWriter(logPath);
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  const startedAt = new Date();
  child.stdout.on('data', (chunk: Buffer) => log.write('stdout', chunk));
  child.stderr.on('data', (chunk: Buffer) => log.write('stderr', chunk));
  const exited = new Promise<ContainerExit>((resolveExit) => {
    child.once('error', (error) => {
      log.write('stderr', `netpart testbed: cannot start ${command}: ${error.message}\n`);
    });
    // 'close' (not 'exit') so every byte of output is in the log before the container counts as finished.
    child.once('close', (code, signal) => {
      log.close();
      const signalCode = signal ? 128 + (({ SIGKILL: 9, SIGTERM: 15, SIGINT: 2 } as Record<string, number>)[signal] ?? 1) : undefined;
      resolveExit({ exitCode: code ?? signalCode ?? 128, signal, finishedAt: new Date() });
    });
  });
  return {
    pid: child.pid ?? -1,
    startedAt,
    exited,
    kill: (signal) => child.pid !== undefined && signalGroup(child.pid, signal),
  };
}

/** SIGTERM to every process group, SIGKILL to what is left after `graceSeconds`; settles when all have exited. */
export async function stopProcesses(procs: readonly ContainerProcess[], graceSeconds: number): Promise<void> {
  for (const p of procs) p.kill('SIGTERM');
  const timer = setTimeout(() => procs.forEach((p) => p.kill('SIGKILL')), graceSeconds * 1000);
  try {
    await Promise.all(procs.map((p) => p.exited));
  } finally {
    clearTimeout(timer);
  }
}
