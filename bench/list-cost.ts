// Diagnostic for the 10 000-pod miss: where a full pod list's time goes — the API server plus JSON.parse
// (a raw HTTPS GET) against the same list through @kubernetes/client-node's typed deserializer.
import { request, type RequestOptions } from 'node:https';
import type { Kube } from '../runner/kube/client.ts';
import { figure, type Figure } from './figure.ts';
import { median, samples } from './stats.ts';

/** GETs `path` with the kubeconfig's credentials and JSON.parses the body (gzip off: the raw floor). */
async function rawGetJson(kube: Kube, path: string, accept = 'application/json'): Promise<unknown> {
  const url = new URL(path, kube.server);
  const options: RequestOptions = { hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: 'GET', headers: { accept } };
  await kube.config.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (error) {
          reject(error);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Median time of one full pod list, typed (what resolveTargets does) and raw. */
export async function benchListCost(kube: Kube, namespace: string, runs: number): Promise<Figure[]> {
  const typed = await samples(runs, () => kube.core.listNamespacedPod({ namespace }));
  const raw = await samples(runs, () => rawGetJson(kube, `/api/v1/namespaces/${namespace}/pods`));
  // What a resolver needs (name, phase, IP) as server-side table rows: the fix proposed in BENCHMARKS.md.
  const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
  const table = await samples(runs, async () => {
    const t = (await rawGetJson(kube, `/api/v1/namespaces/${namespace}/pods?includeObject=None`, TABLE)) as { rows?: unknown[] };
    if ((t.rows?.length ?? 0) < 10_000) throw new Error(`table list returned ${t.rows?.length} rows`);
  });
  return [
    figure({
      id: 'list_pods_10k_typed_ms',
      label: 'diagnostic: list 10 000 pods via client-node (typed)',
      value: median(typed),
      unit: 'ms',
      runs,
      samples: typed,
    }),
    figure({ id: 'list_pods_10k_raw_ms', label: 'diagnostic: same list, raw GET + JSON.parse', value: median(raw), unit: 'ms', runs, samples: raw }),
    figure({
      id: 'list_pods_10k_table_ms',
      label: 'diagnostic: same list as Table rows (includeObject=None)',
      value: median(table),
      unit: 'ms',
      runs,
      samples: table,
    }),
  ];
}
