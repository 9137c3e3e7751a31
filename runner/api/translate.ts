// Translates a wire inject request (snake_case, Dynamo semantics) into our PartitionSpecInput; see README.md for the table.
import { DEFAULT_MAX_LIFETIME_SECONDS, type BlockedPeer, type LabelSelector, type PartitionSpecInput, type PortSpec } from '../faults/spec.ts';
import type { NetworkPolicyParameters, PartitionType, InjectRequest } from './schema.ts';

// Expanding list values (OR) into separate AND-selectors multiplies; beyond this the request is unreasonable.
export const MAX_EXPANDED_SELECTORS = 64;

/** What the API keeps on the fault (InjectOptions.meta) so list/get can answer after a restart. */
export interface ApiFaultMeta {
  partition_type: PartitionType;
  source: string;
  target: string;
  mode: 'networkpolicy';
  duration: number | null;
  parameters: Record<string, unknown>;
  requested_policy_name?: string;
}

/** A translated request: the spec for the engine plus what to record and tell the caller. */
export interface Translation {
  spec: PartitionSpecInput;
  meta: ApiFaultMeta;
  notes: string[];
}

/** Expands `{k: [a, b]}` (old service: NotIn [a, b]) into one AND-selector per value combination. */
export function expandSelector(labels: Record<string, string | string[]>): LabelSelector[] {
  let selectors: LabelSelector[] = [{}];
  for (const [key, value] of Object.entries(labels)) {
    const values = Array.isArray(value) ? [...new Set(value)] : [value];
    selectors = selectors.flatMap((s) => values.map((v) => ({ ...s, [key]: v })));
  }
  return selectors;
}

/** How many selectors expandSelector would return, computed without building them (a product of distinct-value counts). */
export function expandedSelectorCount(labels: Record<string, string | string[]>): number {
  return Object.values(labels).reduce<number>((n, value) => n * (Array.isArray(value) ? new Set(value).size : 1), 1);
}

const toPort = (p: number | { port: number; protocol: PortSpec['protocol'] }): PortSpec =>
  typeof p === 'number' ? { port: p, protocol: 'TCP' } : { port: p.port, protocol: p.protocol };

/** The pure mapping from a validated wire request (+ its validated parameters) to a spec; no I/O. */
export function apiRequestToSpec(request: InjectRequest, parameters: NetworkPolicyParameters, rawParameters: Record<string, unknown>): Translation {
  const notes: string[] = [];
  const namespace = parameters.namespace ?? request.source;
  // partition_type only names the fault (fault_type); as the guide says, block_nats defaults to true for every type.
  const blockPods: BlockedPeer[] = (parameters.block_specific_pods ?? []).flatMap((labels) => expandSelector(labels).map((l) => ({ labels: l })));
  const duration = request.duration ?? undefined;
  const spec: PartitionSpecInput = {
    namespace,
    target: { prefix: parameters.target_pod_prefix },
    blockNats: parameters.block_nats ?? true,
    blockPods,
    allowNamespaces: parameters.allow_namespaces ?? [],
    blockAllEgress: parameters.block_all_egress ?? false,
    // The old service cut ALL inbound traffic; we cut inbound from the same blocked peers (a partition, not an outage).
    direction: parameters.block_ingress ? 'both' : 'egress',
    ports: (parameters.block_ports ?? []).map(toPort),
  };
  if (parameters.count != null) spec.count = parameters.count;
  if (parameters.nats_namespace != null) spec.natsNamespace = parameters.nats_namespace;
  if (parameters.established != null) spec.established = parameters.established;
  if (duration !== undefined) {
    spec.duration = duration;
    // The default 1 h lifetime cap must not cut a longer requested duration short.
    if (duration > DEFAULT_MAX_LIFETIME_SECONDS) spec.maxLifetime = duration;
  }
  const meta: ApiFaultMeta = {
    partition_type: request.partition_type,
    source: request.source,
    target: request.target,
    mode: 'networkpolicy',
    duration: request.duration ?? null,
    parameters: rawParameters,
  };
  if (parameters.policy_name != null) {
    meta.requested_policy_name = parameters.policy_name;
    notes.push(`policy_name "${parameters.policy_name}" was recorded, but policies are named after the fault id`);
  }
  if (duration === undefined) notes.push('no duration: recover it manually (it is removed by the sweeper after its 1 h maximum lifetime)');
  return { spec, meta, notes };
}
