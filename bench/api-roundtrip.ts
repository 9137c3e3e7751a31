// Floor vs ours over HTTP: `fault-inject serve` (in this process, loopback, kept-alive client) against a bare HTTP
// server that does a raw NetworkPolicy create / delete per request through the same Kubernetes connection.
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApiServer } from '../runner/api/start.ts';
import { createLogger } from '../runner/log/logger.ts';
import type { Kube } from '../runner/kube/client.ts';
import { rawPolicy } from './roundtrip.ts';
import { figure, type Figure } from './figure.ts';
import { median, samples } from './stats.ts';

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** One JSON request over the kept-alive agent; rejects on a non-2xx answer with its body. */
function call(base: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      { method, agent, headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 300) {
            reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
            return;
          }
          resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The floor's server: POST /floor/NAME creates a raw policy, DELETE /floor/NAME deletes it. */
function floorServer(kube: Kube, namespace: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const name = (req.url ?? '').split('/')[2] ?? '';
    const work =
      req.method === 'POST'
        ? kube.net.createNamespacedNetworkPolicy({ namespace, body: rawPolicy(name) })
        : kube.net.deleteNamespacedNetworkPolicy({ name, namespace });
    req.resume();
    work.then(
      () => res.end('{}'),
      (error: unknown) => ((res.statusCode = 500), res.end(JSON.stringify({ error: String(error) }))),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** The old service's request for "partition one worker from NATS" in `namespace`. */
const injectBody = (namespace: string) => ({
  partition_type: 'worker_nats',
  source: namespace,
  target: namespace,
  mode: 'networkpolicy',
  parameters: { target_pod_prefix: 'worker-', block_nats: true },
  duration: 300,
});

/** Interleaved floor and ours over HTTP; the service runs with --insecure-no-auth (no TokenReview/SubjectAccessReview). */
export async function benchApiRoundTrip(kube: Kube, namespace: string, runs: number): Promise<Figure[]> {
  const api = await startApiServer({
    kube,
    host: '127.0.0.1',
    port: 0,
    insecureNoAuth: true,
    sweepIntervalMs: 0,
    defaultMetrics: false,
    namespaces: [namespace],
    logger: createLogger({ level: 'silent' }),
  });
  const floor = await floorServer(kube, namespace);
  let n = 0;
  try {
    const floorOnce = async () => {
      const name = `bench-http-floor-${n++}`;
      await call(floor.url, 'POST', `/floor/${name}`);
      await call(floor.url, 'DELETE', `/floor/${name}`);
    };
    const oursOnce = async () => {
      const injected = await call(api.url, 'POST', '/api/v1/faults/network/inject', injectBody(namespace));
      await call(api.url, 'POST', `/api/v1/faults/${String(injected.fault_id)}/recover`);
    };
    const floorMs: number[] = [];
    const oursMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      floorMs.push(...(await samples(1, floorOnce, i === 0 ? 2 : 0)));
      oursMs.push(...(await samples(1, oursOnce, i === 0 ? 2 : 0)));
      // The service writes its Events after answering: they finish here, untimed, not inside the next floor sample.
      await api.flush();
    }
    const f = median(floorMs);
    const o = median(oursMs);
    return [
      figure({ id: 'api_floor_ms', label: 'floor: HTTP POST+DELETE → raw NetworkPolicy create+delete', value: f, unit: 'ms', runs, samples: floorMs }),
      figure({ id: 'api_inject_recover_ms', label: 'ours: fault-inject serve, inject+recover over HTTP', value: o, unit: 'ms', runs, samples: oursMs }),
      figure({ id: 'api_inject_recover_vs_floor', label: 'ours / floor (HTTP)', value: o / f, unit: 'x', runs, goal: '≤ 1.3x', max: 1.3 }),
    ];
  } finally {
    await api.close();
    floor.server.closeAllConnections();
    await new Promise<void>((resolve) => floor.server.close(() => resolve()));
  }
}
