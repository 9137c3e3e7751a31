// The wire schema of the Dynamo fault-injection API's inject request, validated with zod (strict: nothing ignored).
import { z } from 'zod';
import { labelValue, namespaceName } from '../faults/spec.ts';
import { ESTABLISHED_MODES } from '../faults/established/settings.ts';
import { laxBoolean, laxInt } from './lax.ts';
import { dnsSubdomain } from '../util/k8s-names.ts';

/** Partition types the Python client sends (`NetworkPartition` enum values). */
export const PARTITION_TYPES = ['frontend_worker', 'worker_nats', 'worker_worker', 'custom'] as const;
export type PartitionType = (typeof PARTITION_TYPES)[number];

/** Fault modes the Python client sends (`NetworkMode` enum values); only networkpolicy is implemented. */
export const NETWORK_MODES = ['networkpolicy', 'chaos_mesh'] as const;
export type NetworkModeValue = (typeof NETWORK_MODES)[number];

// Python clients send null for "use the default"; treat null exactly like an absent field.
const opt = <T extends z.ZodType>(schema: T) => schema.nullish();
// Scalars coerce as pydantic's lax mode does ("60", "true"), because the old service accepted them.
const port = laxInt(z.number().int().min(1).max(65535));

/** One `block_specific_pods` entry: labels (an AND); a list value means "any of these values" as in the old service. */
export const wireLabelSelector = z
  .record(z.string().min(1, 'label keys are non-empty, e.g. "app.kubernetes.io/name"'), z.union([labelValue, z.array(labelValue).min(1).max(16)]))
  .refine((labels) => Object.keys(labels).length > 0, 'an empty label dict would block every pod; name at least one label');

/** One `block_ports` entry: a port number (TCP) or `{port, protocol}`. */
export const wirePort = z.union([port, z.strictObject({ port, protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP') })]);

/** `parameters` in NetworkPolicy mode: the keys the old service reads, plus `count` and `nats_namespace`. */
export const networkPolicyParameters = z.strictObject({
  namespace: opt(namespaceName),
  target_pod_prefix: z.string().trim().min(1, 'target_pod_prefix is required: the pod-name prefix of the pod(s) to isolate'),
  block_nats: opt(laxBoolean()),
  block_all_egress: opt(laxBoolean()),
  block_ingress: opt(laxBoolean()),
  block_specific_pods: opt(z.array(wireLabelSelector).max(32)),
  block_ports: opt(z.array(wirePort).max(32)),
  allow_namespaces: opt(z.array(namespaceName).max(64)),
  policy_name: opt(dnsSubdomain('policy_name must be a DNS subdomain name (lower-case letters, digits, "-", "."; at most 253)')),
  /** Extension: how many matching pods to isolate ("one" as the old service did, "all", or a number). */
  count: opt(z.union([z.literal('one'), z.literal('all'), laxInt(z.number().int().min(1))])),
  /** Extension: namespace where NATS runs when it is not the fault's namespace. */
  nats_namespace: opt(namespaceName),
  /** Extension: connections open at injection: keep (default, as the old service), drop (conntrack) or reset (sockets). */
  established: opt(z.enum(ESTABLISHED_MODES)),
});
export type NetworkPolicyParameters = z.output<typeof networkPolicyParameters>;

/** POST /api/v1/faults/network/inject body (FastAPI `NetworkFaultRequest`). */
export const injectRequest = z.strictObject({
  partition_type: z.enum(PARTITION_TYPES),
  source: z.string().min(1, 'source is required (the namespace, used when parameters.namespace is absent)'),
  target: z.string().min(1, 'target is required (a free-form description, e.g. the namespace)'),
  mode: opt(z.enum(NETWORK_MODES)),
  // parameters are checked separately, once mode is known, so chaos_mesh gets a clear "not supported" answer.
  parameters: opt(z.record(z.string(), z.unknown())),
  duration: opt(
    laxInt(
      z
        .number()
        .int('duration is whole seconds')
        .min(1, 'duration must be ≥ 1 s; send null for manual recovery')
        .max(7 * 24 * 3600, 'duration is at most 7 days (604800 s)'),
    ),
  ),
});
export type InjectRequest = z.output<typeof injectRequest>;
