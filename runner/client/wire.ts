// camelCase client options → the snake_case body the Python client sends, so both transports share one translation.
import type { LabelSelector } from '../faults/spec.ts';
import { NetworkMode, type NetworkPartition } from './enums.ts';

/** Options of injectNetworkPartition: the Python client's arguments and `**kwargs`, camelCased. */
export interface InjectNetworkPartitionOptions {
  partitionType: NetworkPartition | `${NetworkPartition}`;
  /** Source namespace; also the namespace when `namespace` is absent. */
  source?: string;
  /** Free-form target description (the old service only echoed it); defaults to the namespace. */
  target?: string;
  mode?: NetworkMode | `${NetworkMode}`;
  /** Seconds until automatic recovery; omit for manual recovery (capped at 1 h). */
  duration?: number | null;
  namespace?: string;
  targetPodPrefix: string;
  blockNats?: boolean;
  blockSpecificPods?: Record<string, string | string[]>[] | LabelSelector[];
  allowNamespaces?: string[];
  blockAllEgress?: boolean;
  blockIngress?: boolean;
  blockPorts?: (number | { port: number; protocol?: 'TCP' | 'UDP' | 'SCTP' })[];
  policyName?: string;
  /** Extension: "one" (default), "all" or N matching pods. */
  count?: 'one' | 'all' | number;
  /** Extension: where NATS runs when not in `namespace`. */
  natsNamespace?: string;
}

const PARAMETER_NAMES: [keyof InjectNetworkPartitionOptions, string][] = [
  ['namespace', 'namespace'],
  ['targetPodPrefix', 'target_pod_prefix'],
  ['blockNats', 'block_nats'],
  ['blockSpecificPods', 'block_specific_pods'],
  ['allowNamespaces', 'allow_namespaces'],
  ['blockAllEgress', 'block_all_egress'],
  ['blockIngress', 'block_ingress'],
  ['blockPorts', 'block_ports'],
  ['policyName', 'policy_name'],
  ['count', 'count'],
  ['natsNamespace', 'nats_namespace'],
];

/** The inject request body; `source`/`target` default to the namespace as the guide's examples pass them. */
export function toWireBody(options: InjectNetworkPartitionOptions): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const [camel, snake] of PARAMETER_NAMES) {
    if (options[camel] !== undefined) parameters[snake] = options[camel];
  }
  const source = options.source ?? options.namespace;
  return {
    partition_type: options.partitionType,
    source,
    target: options.target ?? source,
    mode: options.mode ?? NetworkMode.NETWORK_POLICY,
    parameters,
    duration: options.duration ?? null,
  };
}
