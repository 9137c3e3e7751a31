// Target and peer resolution: turn a spec's prefix/selector into exactly the pods it names, or refuse clearly.
import type { V1Pod } from '@kubernetes/client-node';
import type { Kube } from '../kube/client.ts';
import { RefusedError } from '../util/errors.ts';
import type { PodRef } from './types.ts';
import { hasAllLabels } from './selector.ts';
import { blockedSelectors, type LabelSelector, type PartitionSpec } from './spec.ts';

/** Namespaces no partition may target, whatever `force` says. */
export const PROTECTED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

/** A label selector as the API's `labelSelector` query string. */
export const selectorString = (labels: LabelSelector): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

const isLive = (pod: V1Pod): boolean => pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp;

/** The pod as the engine reports it. */
export const podRef = (pod: V1Pod): PodRef => ({
  name: pod.metadata?.name ?? '',
  namespace: pod.metadata?.namespace ?? '',
  ...(pod.status?.podIP ? { ip: pod.status.podIP } : {}),
});

/** Pod names closest to `prefix` (longest shared prefix, then shortest edit), for "did you mean". */
export function closestNames(prefix: string, names: string[], limit = 5): string[] {
  const shared = (a: string): number => {
    let i = 0;
    while (i < a.length && i < prefix.length && a[i] === prefix[i]) i++;
    return i;
  };
  return [...names]
    .sort((a, b) => shared(b) - shared(a) || Math.abs(a.length - prefix.length) - Math.abs(b.length - prefix.length) || a.localeCompare(b))
    .slice(0, limit);
}

/** Resolves the target pods: live, sorted by name, exactly `count`; refuses unsafe or ambiguous requests. */
export async function resolveTargets(kube: Kube, spec: PartitionSpec): Promise<{ targets: V1Pod[]; namespacePods: V1Pod[] }> {
  if (PROTECTED_NAMESPACES.includes(spec.namespace)) {
    throw new RefusedError(`refusing to partition pods in ${spec.namespace}: it runs the cluster itself`, 'protected-namespace');
  }
  const list = await kube.core.listNamespacedPod({ namespace: spec.namespace });
  const namespacePods = list.items;
  const live = namespacePods.filter(isLive).sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const { prefix, selector } = spec.target;
  const matching = live.filter((pod) =>
    prefix !== undefined
      ? (pod.metadata?.name ?? '').startsWith(prefix)
      : hasAllLabels(pod.metadata?.labels ?? {}, selector ?? {}),
  );
  const what = prefix !== undefined ? `name prefix "${prefix}"` : `labels ${selectorString(selector ?? {})}`;
  if (matching.length === 0) {
    const names = namespacePods.map((p) => p.metadata?.name ?? '');
    const hint = prefix !== undefined ? closestNames(prefix, names) : names.slice(0, 5);
    throw new RefusedError(
      `no Running pod in namespace ${spec.namespace} matches ${what}` +
        (hint.length ? `; closest pods: ${hint.join(', ')}` : '; the namespace has no pods'),
      'no-target',
    );
  }
  const wanted = spec.count === 'one' ? 1 : spec.count === 'all' ? matching.length : spec.count;
  if (wanted > matching.length) {
    throw new RefusedError(
      `count ${wanted} asked but only ${matching.length} Running pod(s) match ${what}: ${matching.map((p) => p.metadata?.name).join(', ')}`,
      'not-enough-targets',
    );
  }
  const targets = matching.slice(0, wanted);
  const hostNetwork = targets.filter((p) => p.spec?.hostNetwork);
  if (hostNetwork.length > 0) {
    throw new RefusedError(
      `target pod(s) ${hostNetwork.map((p) => p.metadata?.name).join(', ')} use hostNetwork: NetworkPolicy cannot partition them`,
      'host-network',
    );
  }
  const share = targets.length / Math.max(1, live.length);
  if (share > spec.maxTargetShare && !spec.force) {
    throw new RefusedError(
      `${targets.length} of ${live.length} Running pods in ${spec.namespace} (${Math.round(share * 100)}%) would be targeted, ` +
        `above maxTargetShare ${Math.round(spec.maxTargetShare * 100)}%; narrow the target or set force`,
      'target-share',
    );
  }
  return { targets, namespacePods };
}

/**
 * Lists the live pods each blocked selector currently matches (for the except list and for reporting).
 * `namespacePods`, a list of the spec's namespace already in hand, answers the selectors of that namespace
 * without another API call each.
 */
export async function resolveBlockedPods(kube: Kube, spec: PartitionSpec, namespacePods?: V1Pod[]): Promise<V1Pod[]> {
  const found = new Map<string, V1Pod>();
  for (const peer of blockedSelectors(spec)) {
    const pods =
      namespacePods && peer.namespace === spec.namespace
        ? namespacePods.filter((pod) => hasAllLabels(pod.metadata?.labels ?? {}, peer.labels))
        : (await kube.core.listNamespacedPod({ namespace: peer.namespace, labelSelector: selectorString(peer.labels) })).items;
    for (const pod of pods) {
      if (pod.metadata?.deletionTimestamp) continue;
      found.set(`${pod.metadata?.namespace}/${pod.metadata?.name}`, pod);
    }
  }
  return [...found.values()].sort((a, b) =>
    `${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(`${b.metadata?.namespace}/${b.metadata?.name}`),
  );
}

/** Every IP (pod IPs, dual-stack included) of the given pods, sorted and unique. */
export function podIps(pods: V1Pod[]): string[] {
  const ips = new Set<string>();
  for (const pod of pods) {
    if (pod.status?.podIP) ips.add(pod.status.podIP);
    for (const entry of pod.status?.podIPs ?? []) if (entry.ip) ips.add(entry.ip);
  }
  return [...ips].sort();
}
