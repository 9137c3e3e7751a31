// Preflight: refuse a partition that existing NetworkPolicies would make ineffective, before anything is created.
import type { V1NetworkPolicy, V1Pod } from '@kubernetes/client-node';
import type { Kube } from '../kube/client.ts';
import { RefusedError } from '../util/errors.ts';
import { LABEL_MANAGED_BY, MANAGER } from './labels.ts';
import { findIsolatingPolicies, findOverridingPolicies } from './overrides.ts';
import type { PartitionSpec } from './spec.ts';

/** Logged on every injection: NetworkPolicy does not cut connections that are already open on many CNIs. */
export const ESTABLISHED_CONNECTIONS_WARNING =
  'established connections may survive this partition: Calico, Antrea and kube-router keep already-open flows ' +
  '(Cilium and OVN do not); long-lived NATS connections can stay up until they reconnect';

/** What preflight reads; `notOlderThan` is a NetworkPolicy resourceVersion the policy list must include (see inject). */
export interface PreflightInput {
  spec: PartitionSpec;
  targets: V1Pod[];
  blocked: V1Pod[];
  notOlderThan?: string;
  /** The namespace's NetworkPolicies from the engine's watch cache: no list request at all. */
  cached?: readonly V1NetworkPolicy[];
}

/** Checks existing policies; throws RefusedError naming the overriding policy unless `force`, else returns warnings. */
export async function preflight(kube: Kube, input: PreflightInput): Promise<string[]> {
  const { spec, targets, blocked, notOlderThan, cached } = input;
  // Our own partitions never override each other; the API server leaves them out (`!=` also keeps unlabelled ones).
  // "Not older than" a version we just wrote is served from the watch cache at once; a plain consistent list waits
  // for etcd's progress notification (up to ~100 ms) whenever the last write in the cluster was not a NetworkPolicy.
  const existing =
    cached?.filter((p) => p.metadata?.labels?.[LABEL_MANAGED_BY] !== MANAGER) ??
    (
      await kube.net.listNamespacedNetworkPolicy({
        namespace: spec.namespace,
        labelSelector: `${LABEL_MANAGED_BY}!=${MANAGER}`,
        ...(notOlderThan ? { resourceVersion: notOlderThan, resourceVersionMatch: 'NotOlderThan' } : {}),
      })
    ).items;
  const names = new Set<string>([spec.namespace, ...blocked.map((p) => p.metadata?.namespace ?? '')]);
  const namespaces = [...names].map((name) => ({ name, labels: { 'kubernetes.io/metadata.name': name } }));
  const warnings: string[] = [];
  const overrides = findOverridingPolicies({ existing, targets, blockedPods: blocked, namespaces, spec });
  if (overrides.length > 0) {
    const first = overrides[0]!;
    const message =
      `NetworkPolicy "${first.policy}" in ${spec.namespace} already allows ${first.target} to reach ${first.peer}` +
      `${first.port ? ` on ${first.port}` : ''}${first.via === 'ipBlock' ? ' (by ipBlock: effective on CNIs that match pod IPs with ipBlock)' : ''}` +
      `; policies only add allows, so this partition would not cut that traffic` +
      (overrides.length > 1 ? ` (${overrides.length} such allows in total)` : '');
    if (!spec.force) throw new RefusedError(`${message}. Remove or narrow that policy, or set force to inject anyway.`, 'overridden');
    warnings.push(`${message} (injected anyway: force)`);
  }
  const isolating = findIsolatingPolicies({ existing, targets, spec });
  if (isolating.length > 0) {
    const first = isolating[0]!;
    const message =
      `NetworkPolicy "${first.policy}" already isolates ${first.target} (${first.direction}); this partition's ` +
      `"allow everything except the blocked peers" would also open traffic that policy denies, a different fault than asked`;
    if (!spec.force) throw new RefusedError(`${message}. Set force to inject anyway.`, 'isolated-target');
    warnings.push(`${message} (injected anyway: force)`);
  }
  return warnings;
}
