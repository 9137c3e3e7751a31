// Runner cold start: process start → first API request, from the bundle, against a loopback "API server" that only
// records when the first request arrives and answers 503.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, type Figure } from './figure.ts';
import { median, nowMs } from './stats.ts';

/** A loopback server whose `next()` resolves with the hrtime (ms) of the next request's arrival. */
async function firstRequestServer(): Promise<{ server: Server; port: number; next(): Promise<number> }> {
  let waiter: ((t: number) => void) | undefined;
  const server = createServer((req, res) => {
    const t = nowMs();
    waiter?.(t);
    waiter = undefined;
    res.writeHead(503, { 'content-type': 'application/json', connection: 'close' });
    res.end('{"kind":"Status","status":"Failure","message":"bench: not a real API server","code":503}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { server, port, next: () => new Promise<number>((r) => (waiter = r)) };
}

function kubeconfigFor(port: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'netpart-bench-')), 'kubeconfig');
  writeFileSync(path, [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: loop, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
    'users: [{name: loop, user: {token: bench}}]',
    'contexts: [{name: loop, context: {cluster: loop, user: loop, namespace: bench}}]',
    'current-context: loop',
  ].join('\n'));
  return path;
}

/** Spawns `args` and returns ms from just before spawn to the first request at the server; kills the child. */
async function timeToFirstRequest(args: string[], env: NodeJS.ProcessEnv, next: () => Promise<number>): Promise<number> {
  const arrival = next();
  const start = nowMs();
  const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const timeout = new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`no request from ${args.join(' ')} within 10 s`)), 10_000).unref());
  try {
    return (await Promise.race([arrival, timeout])) - start;
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Median cold start of the runner bundle, and of a bare `node` that sends one request (the process floor). */
export async function benchColdStart(bundle: string, runs: number): Promise<Figure[]> {
  const { server, port, next } = await firstRequestServer();
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('NETPART_') && !k.startsWith('KUBERNETES_') && k !== 'KUBECONFIG' && k !== 'NODE_OPTIONS'));
  const env = { ...base, KUBECONFIG: kubeconfigFor(port), NETPART_SCENARIO: 'worker-nats', APP_NAMESPACE: 'bench', NETPART_TERMINATION_LOG: join(tmpdir(), 'netpart-bench-termination'), LOG_LEVEL: 'error' };
  const floorScript = `require('node:http').get('http://127.0.0.1:${port}/').on('error', () => {})`;
  const runner: number[] = [];
  const floor: number[] = [];
  try {
    for (let i = 0; i <= runs; i++) {
      const r = await timeToFirstRequest([bundle], env, next);
      const f = await timeToFirstRequest(['-e', floorScript], env, next);
      if (i === 0) continue; // first spawn pays the page cache
      runner.push(r);
      floor.push(f);
    }
  } finally {
    server.close();
  }
  return [
    figure({ id: 'cold_start_ms', label: 'runner cold start: process start → first API request (bundle)', value: median(runner), unit: 'ms', runs, goal: '≤ 150 ms', max: 150, samples: runner }),
    figure({ id: 'node_floor_ms', label: 'floor: bare node process → first HTTP request', value: median(floor), unit: 'ms', runs, samples: floor }),
  ];
}
