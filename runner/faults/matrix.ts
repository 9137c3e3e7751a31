// Predicted reachability for `explain` and the reachability check: who can reach whom under a set of policies.
import type { V1NetworkPolicy, V1Pod } from '@kubernetes/client-node';
import { isAllowed, podEndpoint, type Endpoint, type NamespaceInfo, type PodEndpoint } from './evaluate.ts';

/** One predicted connection: a row label pair and whether policies let it through. */
export interface ReachabilityRow {
  from: string;
  to: string;
  allowed: boolean;
}

/** What to predict over: the policies in force, the pods, their namespaces, and the probe port/addresses. */
export interface ReachabilityInput {
  policies: readonly V1NetworkPolicy[];
  pods: readonly (V1Pod | PodEndpoint)[];
  namespaces: readonly NamespaceInfo[];
  /** Port for pod→pod and pod→external probes. */
  port: number;
  protocol?: string;
  /** An address outside the cluster; TEST-NET-3 by default. */
  externalIp?: string;
  /** Where DNS answers (after the Service's DNAT): a CoreDNS pod in kube-system by default. */
  dns?: Endpoint;
  ipBlockMatchesPods?: boolean;
}

/** The CoreDNS pod shape most clusters have; policies see the pod behind the kube-dns Service. */
export const DEFAULT_DNS_ENDPOINT: PodEndpoint = {
  kind: 'pod',
  name: 'coredns',
  namespace: 'kube-system',
  labels: { 'k8s-app': 'kube-dns' },
  ip: '10.96.0.10',
};
const DEFAULT_EXTERNAL_IP = '203.0.113.10';

/** Predicts pod→pod (every ordered pair), pod→DNS (UDP 53) and pod→external for every pod. */
export function predictReachability(input: ReachabilityInput): ReachabilityRow[] {
  const pods = input.pods.map(podEndpoint).sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  const manyNamespaces = new Set(pods.map((p) => p.namespace)).size > 1;
  const label = (p: PodEndpoint) => (manyNamespaces ? `${p.namespace}/${p.name}` : p.name);
  const externalIp = input.externalIp ?? DEFAULT_EXTERNAL_IP;
  const dns = input.dns ?? DEFAULT_DNS_ENDPOINT;
  const protocol = input.protocol ?? 'TCP';
  const judge = (from: Endpoint, to: Endpoint, port: number, proto: string) =>
    isAllowed({ policies: input.policies, namespaces: input.namespaces, from, to, port, protocol: proto, ipBlockMatchesPods: input.ipBlockMatchesPods });

  const rows: ReachabilityRow[] = [];
  for (const from of pods) {
    for (const to of pods) {
      if (to !== from) rows.push({ from: label(from), to: label(to), allowed: judge(from, to, input.port, protocol) });
    }
    rows.push({ from: label(from), to: 'dns', allowed: judge(from, dns, 53, 'UDP') });
    rows.push({ from: label(from), to: `external ${externalIp}`, allowed: judge(from, { kind: 'external', ip: externalIp }, input.port, protocol) });
  }
  return rows;
}

/** A compact text table: one line per source, one column per destination, ✓ allowed, ✗ cut, · not probed. */
export function formatMatrix(rows: readonly ReachabilityRow[]): string {
  const sources = [...new Set(rows.map((r) => r.from))];
  const destinations = [...new Set(rows.map((r) => r.to))];
  const cell = new Map(rows.map((r) => [`${r.from}\u0000${r.to}`, r.allowed ? '✓' : '✗']));
  const corner = 'from \\ to';
  const firstWidth = Math.max(corner.length, ...sources.map((s) => s.length));
  const line = (first: string, cells: string[]) =>
    [first.padEnd(firstWidth), ...cells.map((c, i) => c.padEnd((destinations[i] ?? '').length))].join('  ').trimEnd();
  return [
    line(corner, destinations),
    ...sources.map((s) =>
      line(
        s,
        destinations.map((d) => cell.get(`${s}\u0000${d}`) ?? '·'),
      ),
    ),
  ].join('\n');
}
