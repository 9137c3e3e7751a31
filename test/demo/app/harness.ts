// Starts the real pieces of the demo app for tests: a nats-server binary and the TypeScript processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { CACHE_DIR, REPO_ROOT } from '../../../testbed/index.ts';

const BUILD_HINT = 'build it with npm run testbed -- build (or set NATS_SERVER_BIN)';

/** Path of the nats-server built by build-nats.sh (newest cached version), or NATS_SERVER_BIN; undefined if absent. */
export function findNatsServer(): string | undefined {
  if (process.env.NATS_SERVER_BIN) return existsSync(process.env.NATS_SERVER_BIN) ? process.env.NATS_SERVER_BIN : undefined;
  const binDir = join(CACHE_DIR, 'bin');
  if (!existsSync(binDir)) return undefined;
  const versions = readdirSync(binDir)
    .filter((name) => name.startsWith('nats-v') && existsSync(join(binDir, name, 'nats-server')))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const newest = versions.at(-1);
  return newest ? join(binDir, newest, 'nats-server') : undefined;
}

/** Why the NATS tests cannot run, for a loud skip (or a failure under CI). */
export const MISSING_NATS_REASON = `nats-server binary not found — ${BUILD_HINT}`;

/** Polls `condition` every 50 ms until it returns true, failing with `what` after timeoutMs. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (
      await Promise.resolve()
        .then(condition)
        .catch(() => false)
    )
      return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A child process with its stdout kept as parsed JSON log lines. */
export interface Proc {
  child: ChildProcess;
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
}

// Children must not outlive a failed or cancelled test run (they would keep ports and the runner alive).
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function track(child: ChildProcess, echoStderr = true): Proc {
  running.add(child);
  child.once('exit', () => running.delete(child));
  const logs: Record<string, unknown>[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ raw: line });
      }
    }
  });
  // nats-server logs every start/stop on stderr; app processes only write there when they crash.
  child.stderr?.on('data', (chunk: Buffer) => {
    if (echoStderr) process.stderr.write(`[${child.pid}] ${chunk.toString()}`);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, logs, exited };
}

/** Starts nats-server on 127.0.0.1:port and waits until it accepts TCP. */
export async function startNats(binary: string, port: number): Promise<Proc> {
  const proc = track(spawn(binary, ['-a', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] }), false);
  try {
    await waitFor(`nats-server on port ${port}`, () => canConnect(port));
  } catch (error) {
    proc.child.kill('SIGKILL');
    throw error;
  }
  return proc;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts runner/demo/app/<role>.ts on a free port; resolves with its base URL once it logs `listening`. */
export async function startApp(role: 'worker' | 'frontend', env: Record<string, string>): Promise<Proc & { url: string }> {
  const proc = track(
    spawn(process.execPath, ['--import', 'tsx', `runner/demo/app/${role}.ts`], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', POD_IP: '127.0.0.1', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  try {
    await waitFor(`${role} to listen`, () => proc.child.exitCode !== null || proc.logs.some((line) => line.event === 'listening'), 15_000);
    if (proc.child.exitCode !== null) {
      const last = proc.logs.at(-1);
      throw new Error(`${role} exited with code ${proc.child.exitCode} before listening: ${JSON.stringify(last?.msg ?? last?.raw ?? '')}`);
    }
  } catch (error) {
    proc.child.kill('SIGKILL');
    throw error;
  }
  const port = proc.logs.find((line) => line.event === 'listening')!.port as number;
  return { ...proc, url: `http://127.0.0.1:${port}` };
}

/** Stops a process (SIGTERM, then SIGKILL after graceMs) and returns its exit code. */
export async function stop(proc: Proc | undefined, graceMs = 5000): Promise<number | null> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return proc?.child.exitCode ?? null;
  // A process a test froze with SIGSTOP would hold SIGTERM pending until the grace period ends.
  proc.child.kill('SIGCONT');
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  const code = await proc.exited;
  clearTimeout(timer);
  return code;
}

/** GETs a JSON endpoint: status and body. */
export async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** One completion through the frontend: HTTP status, who the frontend says it went to, and how many workers it tried. */
export async function postCompletion(
  frontendUrl: string,
  prompt: string,
): Promise<{ status: number; worker: string | null; attempts: string | null; body: unknown }> {
  const response = await fetch(`${frontendUrl}/v1/completions`, { method: 'POST', body: JSON.stringify({ prompt }), signal: AbortSignal.timeout(10_000) });
  return {
    status: response.status,
    worker: response.headers.get('x-netpart-worker'),
    attempts: response.headers.get('x-netpart-attempts'),
    body: await response.json(),
  };
}

/** Log lines of `proc` with the given `event`. */
export function events(proc: Proc, event: string): Record<string, unknown>[] {
  return proc.logs.filter((line) => line.event === event);
}
