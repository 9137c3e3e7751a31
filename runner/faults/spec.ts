// The partition spec: the one validated description of "which pods lose which peers, for how long".
import { z } from 'zod';
import { dnsLabel } from '../util/k8s-names.ts';
import { parseOrThrow } from '../util/validation.ts';
import { ESTABLISHED_MODES } from './established/settings.ts';

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** A Kubernetes namespace name. */
export const namespaceName = dnsLabel('must be a DNS label (at most 63 characters): lower-case letters, digits and "-", e.g. "dynamo"');

/** A Kubernetes label value. */
export const labelValue = z.string().max(63).regex(LABEL_VALUE, 'label values are ≤ 63 chars of letters, digits, "-", "_", "."');

/** An equality label selector: a pod matches when it has every one of these labels (an AND). */
export const labelSelector = z
  .record(z.string().regex(LABEL_KEY, 'label keys look like "app.kubernetes.io/name" or "app"'), labelValue)
  .refine((labels) => Object.keys(labels).length > 0, 'a selector needs at least one label (an empty one matches every pod)');
export type LabelSelector = z.infer<typeof labelSelector>;

/** Pods to cut off: a label selector, in the fault's namespace unless `namespace` says otherwise. */
export const blockedPeer = z.strictObject({ labels: labelSelector, namespace: namespaceName.optional() });
export type BlockedPeer = z.infer<typeof blockedPeer>;

/** A port to block on the blocked peers; when `ports` is empty every port is blocked. */
export const portSpec = z.strictObject({
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP'),
});
export type PortSpec = z.infer<typeof portSpec>;

/** How NATS pods are recognised unless the spec says otherwise. */
export const DEFAULT_NATS_SELECTORS: LabelSelector[] = [{ 'app.kubernetes.io/name': 'nats' }, { 'app.kubernetes.io/name': 'dynamo-platform-nats' }];

/** How long a fault may live when its spec does not say (the cap even on manual-recovery faults). */
export const DEFAULT_MAX_LIFETIME_SECONDS = 3600;

const target = z
  .strictObject({
    prefix: z.string().optional(),
    selector: labelSelector.optional(),
  })
  .refine((t) => (t.prefix === undefined) !== (t.selector === undefined), {
    error: 'give exactly one of target.prefix (pod-name prefix) or target.selector (labels)',
  })
  .refine((t) => t.prefix === undefined || t.prefix.trim().length > 0, {
    error: 'target.prefix is empty: it would match every pod; name the pods, e.g. "vllm-decode-worker"',
    path: ['prefix'],
  });

/** Everything a partition is made of; defaults follow the Dynamo guide (NATS blocked, egress, one pod). */
export const partitionSpec = z
  .strictObject({
    namespace: namespaceName,
    target,
    count: z.union([z.literal('one'), z.literal('all'), z.number().int().min(1)]).default('one'),
    blockNats: z.boolean().default(true),
    natsSelectors: z.array(labelSelector).min(1).default(DEFAULT_NATS_SELECTORS),
    /** Where NATS runs when it is not in the fault's namespace. */
    natsNamespace: namespaceName.optional(),
    blockPods: z.array(blockedPeer).default([]),
    allowNamespaces: z.array(namespaceName).default([]),
    blockAllEgress: z.boolean().default(false),
    direction: z.enum(['egress', 'ingress', 'both']).default('egress'),
    ports: z.array(portSpec).default([]),
    /**
     * Connections already open when the fault starts: `keep` leaves them to the enforcer (many keep them), `drop`
     * deletes their conntrack entries on the targets' nodes (a silent partition), `reset` destroys their sockets in
     * the target pods (the app sees an error at once). See docs/established.md.
     */
    established: z.enum(ESTABLISHED_MODES).default('keep'),
    duration: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .optional(),
    maxLifetime: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .default(DEFAULT_MAX_LIFETIME_SECONDS),
    maxTargetShare: z.number().gt(0).max(1).default(0.8),
    force: z.boolean().default(false),
    dryRun: z.boolean().default(false),
  })
  .superRefine((spec, ctx) => {
    if (!spec.blockNats && spec.blockPods.length === 0 && !spec.blockAllEgress) {
      ctx.addIssue({
        code: 'custom',
        path: ['blockPods'],
        message: 'nothing to block: set blockNats, blockPods or blockAllEgress',
      });
    }
    if (spec.established !== 'keep' && spec.blockAllEgress) {
      ctx.addIssue({
        code: 'custom',
        path: ['established'],
        message: `established=${spec.established} cuts the open flows to the blocked pods, and blockAllEgress names none; block pods (blockNats, blockPods) or use established=keep`,
      });
    }
    if (spec.blockAllEgress && spec.direction === 'ingress') {
      ctx.addIssue({ code: 'custom', path: ['blockAllEgress'], message: 'blockAllEgress needs direction egress or both' });
    }
    spec.blockPods.forEach((peer, i) => {
      const ns = peer.namespace ?? spec.namespace;
      if (spec.allowNamespaces.includes(ns)) {
        ctx.addIssue({
          code: 'custom',
          path: ['blockPods', i, 'namespace'],
          message: `namespace "${ns}" is both blocked here and listed in allowNamespaces; remove one`,
        });
      }
    });
    const natsNamespace = spec.natsNamespace ?? spec.namespace;
    if (spec.blockNats && spec.allowNamespaces.includes(natsNamespace)) {
      ctx.addIssue({
        code: 'custom',
        path: ['allowNamespaces'],
        message: `NATS namespace "${natsNamespace}" is listed in allowNamespaces but blockNats is set; remove it or set blockNats false`,
      });
    }
    if (spec.duration !== undefined && spec.duration > spec.maxLifetime) {
      ctx.addIssue({
        code: 'custom',
        path: ['duration'],
        message: `duration ${spec.duration}s exceeds maxLifetime ${spec.maxLifetime}s; raise maxLifetime or shorten duration`,
      });
    }
  });

/** A spec as written by a user (defaults optional). */
export type PartitionSpecInput = z.input<typeof partitionSpec>;
/** A validated spec with every default filled in. */
export type PartitionSpec = z.output<typeof partitionSpec>;

/** Validates a spec; throws ValidationError naming every bad field. */
export function parsePartitionSpec(input: unknown): PartitionSpec {
  return parseOrThrow(partitionSpec, input, 'partition spec', '(spec)');
}

/** Every selector whose pods the spec cuts off, with its namespace resolved (NATS first, then blockPods). */
export function blockedSelectors(spec: PartitionSpec): Required<BlockedPeer>[] {
  const nats = spec.blockNats ? spec.natsSelectors.map((labels) => ({ labels, namespace: spec.natsNamespace ?? spec.namespace })) : [];
  return [...nats, ...spec.blockPods.map((p) => ({ labels: p.labels, namespace: p.namespace ?? spec.namespace }))];
}

/**
 * The directions the partition's policy covers: the spec's `direction`, or both under established=drop, whose
 * deleted conntrack entries would let a peer that speaks first re-open the flow through an unrestricted side.
 */
export function policyDirection(spec: Pick<PartitionSpec, 'direction' | 'established'>): PartitionSpec['direction'] {
  return spec.established === 'drop' ? 'both' : spec.direction;
}
