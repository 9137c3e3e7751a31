// Runner cold start: process start → first API request, from the bundle, against a loopback "API server" that only
// records when the first request arrives and answers 503. Beside the goal (runner / bare node), diagnostic rows say
// where the difference goes: the ES-module entry itself, a YAML kubeconfig, and TLS.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundles, RUNNER_TARGET } from '../scripts/build.ts';
import { createPki } from '../testbed/index.ts';
import { figure, type Figure } from './figure.ts';
import { median, nowMs } from './stats.ts';

/** A loopback server whose `next()` resolves with the hrtime (ms) of the next request's arrival. */
async function firstRequestServer(tls?: { cert: Buffer; key: Buffer }): Promise<{ server: Server; url: string; next: () => Promise<number> }> {
  let waiter: ((t: number) => void) | undefined;
  const onRequest = (_req: IncomingMessage, res: ServerResponse) => {
    const t = nowMs();
    waiter?.(t);
    waiter = undefined;
    res.writeHead(503, { 'content-type': 'application/json', connection: 'close' });
    res.end('{"kind":"Status","status":"Failure","message":"bench: not a real API server","code":503}');
  };
  const server = tls ? createTlsServer(tls, onRequest) : createServer(onRequest);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, next: () => new Promise<number>((r) => (waiter = r)) };
}

/** A kubeconfig for `server` as JSON (what `kubectl config view -o json` writes) or the usual YAML. */
function kubeconfig(dir: string, name: string, server: string, format: 'json' | 'yaml', ca?: Buffer): string {
  const path = join(dir, name);
  const cluster = ca ? `certificate-authority-data: ${ca.toString('base64')}` : 'insecure-skip-tls-verify: true';
  const json = {
    'current-context': 'loop',
    clusters: [{ name: 'loop', cluster: { server, ...(ca ? { 'certificate-authority-data': ca.toString('base64') } : { 'insecure-skip-tls-verify': true }) } }],
    users: [{ name: 'loop', user: { token: 'bench' } }],
    contexts: [{ name: 'loop', context: { cluster: 'loop', user: 'loop', namespace: 'bench' } }],
  };
  writeFileSync(
    path,
    format === 'json'
      ? JSON.stringify(json)
      : [
          'apiVersion: v1',
          'kind: Config',
          `clusters: [{name: loop, cluster: {server: "${server}", ${cluster}}}]`,
          'users: [{name: loop, user: {token: bench}}]',
          'contexts: [{name: loop, context: {cluster: loop, user: loop, namespace: bench}}]',
          'current-context: loop',
        ].join('\n'),
  );
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

interface Variant {
  id: string;
  label: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  tls: boolean;
}

/**
 * Median cold start of the runner bundle against a bare `node` that sends one request (the process floor), plus
 * diagnostics. The bundle is built from `root` into a private directory: dist/ is shared with whoever else builds in
 * this checkout, and a rebuild in the middle of a run would time a half-written or different bundle.
 */
export async function benchColdStart(root: string, runs: number): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'netpart-bench-cold-'));
  await buildBundles([RUNNER_TARGET], { root, outdir: join(dir, 'dist') });
  // What the image runs (its CMD): the CommonJS build of the runner entry; main.mjs, its ES-module twin, is a diagnostic.
  const bundle = join(dir, 'dist', 'runner', 'main.cjs');
  const esmBundle = join(dir, 'dist', 'runner', 'main.mjs');
  const pki = createPki(dir);
  const ca = readFileSync(pki.caCert);
  const plain = await firstRequestServer();
  const tls = await firstRequestServer({ cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey) });
  // No NODE_* either: NODE_EXTRA_CA_CERTS (set machine-wide here, never in the image) makes every node process parse a
  // ~200 KB CA bundle at start, a constant that inflated floor and runner alike and so hid part of the ratio.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('NETPART_') && !k.startsWith('KUBERNETES_') && !k.startsWith('NODE_') && k !== 'KUBECONFIG'),
  );
  const runnerEnv = (kc: string) => ({
    ...base,
    KUBECONFIG: kc,
    NETPART_SCENARIO: 'worker-nats',
    APP_NAMESPACE: 'bench',
    NETPART_TERMINATION_LOG: join(dir, 'termination'),
    LOG_LEVEL: 'error',
  });
  const floorScript = (url: string, tlsFloor: boolean) =>
    tlsFloor
      ? `require('node:https').get('${url}/', { ca: require('node:fs').readFileSync(${JSON.stringify(pki.caCert)}) }).on('error', () => {})`
      : `require('node:http').get('${url}/').on('error', () => {})`;
  // The image runs an .mjs entry (the run-incluster contract): this is the bare floor through Node's ES-module loader.
  const esmFloor = join(dir, 'floor.mjs');
  writeFileSync(esmFloor, `import http from 'node:http';\nhttp.get('${plain.url}/').on('error', () => {});\n`);
  // JSON stands for the in-cluster case the image runs (token and CA files, no YAML parser); the YAML row shows its cost.
  const variants: Variant[] = [
    {
      id: 'cold_start_ms',
      label: "runner cold start: process start → first API request (runner/main.cjs, the image's entry)",
      args: [bundle],
      env: runnerEnv(kubeconfig(dir, 'kc.json', plain.url, 'json')),
      tls: false,
    },
    { id: 'node_floor_ms', label: 'floor: bare node process → first HTTP request', args: ['-e', floorScript(plain.url, false)], env: base, tls: false },
    {
      id: 'cold_start_mjs_ms',
      label: 'diagnostic: runner cold start from runner/main.mjs (the same entry as an ES module)',
      args: [esmBundle],
      env: runnerEnv(kubeconfig(dir, 'kc-mjs.json', plain.url, 'json')),
      tls: false,
    },
    {
      id: 'cold_start_esm_floor_ms',
      label: 'diagnostic: bare node, same request from an .mjs file (ES module loader)',
      args: [esmFloor],
      env: base,
      tls: false,
    },
    {
      id: 'cold_start_yaml_ms',
      label: 'diagnostic: runner cold start, YAML kubeconfig (+ `yaml` parser)',
      args: [bundle],
      env: runnerEnv(kubeconfig(dir, 'kc.yaml', plain.url, 'yaml')),
      tls: false,
    },
    {
      id: 'cold_start_tls_ms',
      label: 'diagnostic: runner cold start over TLS (CA from the kubeconfig)',
      args: [bundle],
      env: runnerEnv(kubeconfig(dir, 'kc-tls.json', tls.url, 'json', ca)),
      tls: true,
    },
    { id: 'node_floor_tls_ms', label: 'diagnostic: floor over TLS (node:https, same CA)', args: ['-e', floorScript(tls.url, true)], env: base, tls: true },
  ];
  const samples = new Map<string, number[]>(variants.map((v) => [v.id, []]));
  try {
    for (let i = 0; i <= runs; i++) {
      // one of each per round, so load drift on the shared machine hits every row alike
      for (const v of variants) {
        const ms = await timeToFirstRequest(v.args, v.env, (v.tls ? tls : plain).next);
        if (i > 0) samples.get(v.id)!.push(ms); // the first round pays the page cache
      }
    }
  } finally {
    plain.server.close();
    tls.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const m = (id: string) => median(samples.get(id)!);
  const ratio = m('cold_start_ms') / m('node_floor_ms');
  const note = coldStartNote(m('cold_start_ms'), m('node_floor_ms'), m('cold_start_mjs_ms'), m('cold_start_esm_floor_ms'));
  return [
    ...variants.slice(0, 2).map((v) => figure({ id: v.id, label: v.label, value: m(v.id), unit: 'ms', runs, samples: samples.get(v.id)! })),
    figure({ id: 'cold_start_vs_floor', label: 'runner cold start / bare node floor', value: ratio, unit: 'x', runs, goal: '≤ 1.3x', max: 1.3, note }),
    ...variants.slice(2).map((v) => figure({ id: v.id, label: v.label, value: m(v.id), unit: 'ms', runs, samples: samples.get(v.id)! })),
  ];
}

/** Where the runner's extra milliseconds over the bare floor go, from the medians of one run. */
export function coldStartNote(runner: number, floor: number, runnerMjs: number, esmFloor: number): string {
  return (
    `runner − floor = ${(runner - floor).toFixed(1)} ms: the runner's own start-up (compiling its one 9 KiB file, reading the kubeconfig, signal ` +
    `handlers, loading node:http). The same entry as an ES module (runner/main.mjs) costs ${(runnerMjs - runner).toFixed(1)} ms more: Node's ES module ` +
    `loader, ${(esmFloor - floor).toFixed(1)} ms for the bare floor as an .mjs file`
  );
}
