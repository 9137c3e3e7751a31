// The reachability check: TCP probes from inside every pod's network namespace, compared with what the policies predict.
import type { V1Pod } from '@kubernetes/client-node';
import type { Kube } from '../../runner/kube/client.ts';
import { isAllowed, podEndpoint, type Endpoint } from '../../runner/faults/evaluate.ts';
import { formatMatrix, type ReachabilityRow } from '../../runner/faults/matrix.ts';
import { probeTcpAll } from '../dataplane/net-probe.ts';
import { inNetns } from './dataplane/exec.ts';
import { DEFAULT_LAYOUT, namesOf, uid8Of } from './dataplane/layout.ts';

/** One probe destination: a pod's first declared TCP port, or the address outside the pod network. */
interface Destination {
  name: string;
  ip: string;
  port: number;
  endpoint: Endpoint;
}

/** Live pods of a namespace that listen on a declared TCP port (only those can tell "blocked" from "closed"). */
async function probedPods(kube: Kube, namespace: string): Promise<V1Pod[]> {
  const pods = await kube.core.listNamespacedPod({ namespace });
  return pods.items
    .filter((p) => p.status?.phase === 'Running' && p.status.podIP && !p.metadata?.deletionTimestamp && !p.spec?.hostNetwork)
    .filter((p) => p.spec?.containers.some((c) => c.ports?.some((port) => (port.protocol ?? 'TCP') === 'TCP')))
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

const firstPort = (pod: V1Pod): number =>
  pod.spec?.containers.flatMap((c) => c.ports ?? []).find((p) => (p.protocol ?? 'TCP') === 'TCP')?.containerPort ?? 0;

/** Measured and predicted matrices for one namespace, plus the cells where they disagree. */
export interface ReachabilityReport {
  measured: ReachabilityRow[];
  predicted: ReachabilityRow[];
  mismatches: { from: string; to: string; measured: boolean; predicted: boolean }[];
}

/** Probes every pod → every other pod (and → the outside address) and compares with the policy evaluator. */
export async function checkReachability(kube: Kube, namespace: string, outside: { ip: string; port: number }): Promise<ReachabilityReport> {
  const pods = await probedPods(kube, namespace);
  const policies = (await kube.net.listNamespacedNetworkPolicy({ namespace })).items;
  const namespaces = [{ name: namespace, labels: { 'kubernetes.io/metadata.name': namespace } }];
  const destinations: Destination[] = [
    ...pods.map((p) => ({ name: p.metadata?.name ?? '', ip: p.status?.podIP ?? '', port: firstPort(p), endpoint: podEndpoint(p) })),
    { name: 'outside', ip: outside.ip, port: outside.port, endpoint: { kind: 'external', ip: outside.ip } as Endpoint },
  ];
  const names = namesOf(DEFAULT_LAYOUT);
  const measured: ReachabilityRow[] = [];
  const predicted: ReachabilityRow[] = [];
  await Promise.all(
    pods.map(async (pod) => {
      const from = pod.metadata?.name ?? '';
      const targets = destinations.filter((d) => d.name !== from);
      const netns = names.podNetns(uid8Of(pod.metadata?.uid));
      const outcomes = await probeTcpAll({ wrap: (argv) => inNetns(netns, argv) }, targets.map((t) => ({ host: t.ip, port: t.port })));
      for (const [i, t] of targets.entries()) {
        measured.push({ from, to: t.name, allowed: outcomes[i] === 'connected' });
        predicted.push({ from, to: t.name, allowed: isAllowed({ policies, namespaces, from: podEndpoint(pod), to: t.endpoint, port: t.port, protocol: 'TCP' }) });
      }
    }),
  );
  const order = (a: ReachabilityRow, b: ReachabilityRow) => `${a.from}/${a.to}`.localeCompare(`${b.from}/${b.to}`);
  measured.sort(order);
  predicted.sort(order);
  const mismatches = measured
    .map((m, i) => ({ from: m.from, to: m.to, measured: m.allowed, predicted: predicted[i]?.allowed ?? false }))
    .filter((m) => m.measured !== m.predicted);
  return { measured, predicted, mismatches };
}

/** The measured matrix as a table, with a line per disagreement with the prediction. */
export function formatReachability(report: ReachabilityReport): string {
  const lines = [formatMatrix(report.measured)];
  lines.push(report.mismatches.length === 0 ? 'matches explain: yes' : `matches explain: NO (${report.mismatches.length} cells)`);
  for (const m of report.mismatches) lines.push(`  ${m.from} → ${m.to}: measured ${m.measured ? '✓' : '✗'}, predicted ${m.predicted ? '✓' : '✗'}`);
  return lines.join('\n');
}
