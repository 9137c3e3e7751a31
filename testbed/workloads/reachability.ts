// The reachability check: TCP probes from inside every pod's network namespace, compared with what the policies predict.
import type { V1Pod } from '@kubernetes/client-node';
import type { Kube } from '../../runner/kube/client.ts';
import { isAllowed, podEndpoint, type Endpoint } from '../../runner/faults/evaluate.ts';
import { formatMatrix, type ReachabilityRow } from '../../runner/faults/matrix.ts';
import { probeDns, probeTcpAll } from '../dataplane/net-probe.ts';
import { CLUSTER_DNS_IP, CLUSTER_DNS_LABELS, CLUSTER_DOMAIN } from '../cluster/network.ts';
import { inNetns } from '../dataplane/exec.ts';
import { TESTBED_LAYOUT, namesOf, uid8Of } from '../dataplane/layout.ts';

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

const firstPort = (pod: V1Pod): number => pod.spec?.containers.flatMap((c) => c.ports ?? []).find((p) => (p.protocol ?? 'TCP') === 'TCP')?.containerPort ?? 0;

/** Measured and predicted matrices for one namespace, plus the cells where they disagree. */
export interface ReachabilityReport {
  measured: ReachabilityRow[];
  predicted: ReachabilityRow[];
  mismatches: { from: string; to: string; measured: boolean; predicted: boolean }[];
}

/** The CoreDNS pod behind kube-dns, as the policy evaluator sees it (policies apply after the Service's DNAT). */
async function clusterDnsEndpoint(kube: Kube): Promise<Endpoint> {
  const selector = Object.entries(CLUSTER_DNS_LABELS)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const pods = (await kube.core.listNamespacedPod({ namespace: 'kube-system', labelSelector: selector })).items.filter((p) => p.status?.phase === 'Running');
  const pod = pods[0];
  if (!pod) throw new Error(`no Running cluster DNS pod (kube-system, ${selector}); the testbed deploys one with the dataplane`);
  return podEndpoint(pod);
}

/**
 * Probes every pod → every other pod, → cluster DNS (a UDP query for kubernetes.default through the kube-dns
 * ClusterIP) and → the outside address, and compares each cell with the policy evaluator's prediction.
 */
export async function checkReachability(kube: Kube, namespace: string, outside: { ip: string; port: number }): Promise<ReachabilityReport> {
  const pods = await probedPods(kube, namespace);
  const dns = await clusterDnsEndpoint(kube);
  const policies = [
    ...(await kube.net.listNamespacedNetworkPolicy({ namespace })).items,
    ...(await kube.net.listNamespacedNetworkPolicy({ namespace: 'kube-system' })).items,
  ];
  const namespaces = [namespace, 'kube-system'].map((name) => ({ name, labels: { 'kubernetes.io/metadata.name': name } }));
  const destinations: Destination[] = [
    ...pods.map((p) => ({ name: p.metadata?.name ?? '', ip: p.status?.podIP ?? '', port: firstPort(p), endpoint: podEndpoint(p) })),
    { name: 'outside', ip: outside.ip, port: outside.port, endpoint: { kind: 'external', ip: outside.ip } },
  ];
  const names = namesOf(TESTBED_LAYOUT);
  const measured: ReachabilityRow[] = [];
  const predicted: ReachabilityRow[] = [];
  const judge = (from: V1Pod, to: Endpoint, port: number, protocol: string) => isAllowed({ policies, namespaces, from: podEndpoint(from), to, port, protocol });
  await Promise.all(
    pods.map(async (pod) => {
      const from = pod.metadata?.name ?? '';
      const targets = destinations.filter((d) => d.name !== from);
      const wrap = (argv: readonly string[]) => inNetns(names.podNetns(uid8Of(pod.metadata?.uid)), argv);
      const [outcomes, answer] = await Promise.all([
        probeTcpAll(
          { wrap },
          targets.map((t) => ({ host: t.ip, port: t.port })),
        ),
        probeDns({ wrap }, CLUSTER_DNS_IP, `kubernetes.default.svc.${CLUSTER_DOMAIN}`),
      ]);
      for (const [i, t] of targets.entries()) {
        measured.push({ from, to: t.name, allowed: outcomes[i] === 'connected' });
        predicted.push({ from, to: t.name, allowed: judge(pod, t.endpoint, t.port, 'TCP') });
      }
      measured.push({ from, to: 'dns', allowed: 'addresses' in answer && answer.addresses.length > 0 });
      predicted.push({ from, to: 'dns', allowed: judge(pod, dns, 53, 'UDP') });
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
