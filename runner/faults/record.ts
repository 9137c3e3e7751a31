// Reading and writing a fault's state on its NetworkPolicy: the cluster is the only store.
import type { V1NetworkPolicy, V1OwnerReference } from '@kubernetes/client-node';
import {
  ANNOTATION_API_META,
  ANNOTATION_BLOCKED_PODS,
  ANNOTATION_EXPIRES_AT,
  ANNOTATION_INJECTED_AT,
  ANNOTATION_OWNER,
  ANNOTATION_OWNER_UID,
  ANNOTATION_SPEC,
  ANNOTATION_TARGET_PODS,
  LABEL_FAULT_ID,
} from './labels.ts';
import { partitionSpec } from './spec.ts';
import type { Fault, PodRef } from './types.ts';

/** Fault ids are short lower-case base-36 strings, valid inside label keys and policy names. */
export const FAULT_ID_PATTERN = /^[a-z0-9]{6,24}$/;

/** The annotations that carry a fault's state on its policy. */
export function faultAnnotations(fault: Omit<Fault, 'status' | 'policyName'>): Record<string, string> {
  return {
    [ANNOTATION_INJECTED_AT]: fault.injectedAt,
    [ANNOTATION_EXPIRES_AT]: fault.expiresAt,
    [ANNOTATION_SPEC]: JSON.stringify(fault.spec),
    [ANNOTATION_OWNER]: fault.owner,
    [ANNOTATION_TARGET_PODS]: JSON.stringify(fault.targetPods),
    [ANNOTATION_BLOCKED_PODS]: JSON.stringify(fault.blockedPods),
    ...(fault.meta ? { [ANNOTATION_API_META]: JSON.stringify(fault.meta) } : {}),
  };
}

/** An annotation's JSON, or `fallback` when it is absent or not JSON. */
export const parseJson = <T>(text: string | undefined, fallback: T): T => {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/** What links a policy to the objects that end it: its one owner (the expiry Job), and the runner Job holding it. */
export interface PolicyLinks {
  /** The policy's only ownerReference: the garbage collector deletes a dependent only once ALL its owners are gone. */
  owner?: V1OwnerReference | undefined;
  /** The runner Job holding the fault (its name is in the owner annotation; its UID is kept beside it for the sweep). */
  runnerJob?: { uid: string } | undefined;
}

/** The compiled policy as the cluster stores it: with the fault's annotations and its owner (see PolicyLinks). */
export function faultPolicy(compiled: V1NetworkPolicy, fault: Omit<Fault, 'status' | 'policyName'>, links: PolicyLinks = {}): V1NetworkPolicy {
  return {
    ...compiled,
    metadata: {
      ...compiled.metadata,
      annotations: {
        ...compiled.metadata?.annotations,
        ...faultAnnotations(fault),
        ...(links.runnerJob?.uid ? { [ANNOTATION_OWNER_UID]: links.runnerJob.uid } : {}),
      },
      ...(links.owner ? { ownerReferences: [links.owner] } : {}),
    },
  };
}

/** Reads a fault back from its policy; undefined when the policy is not one of ours or is unreadable. */
export function faultFromPolicy(policy: V1NetworkPolicy): Fault | undefined {
  const meta = policy.metadata;
  const id = meta?.labels?.[LABEL_FAULT_ID];
  const annotations = meta?.annotations ?? {};
  if (!id || !meta.name || !meta.namespace) return undefined;
  const spec = partitionSpec.safeParse(parseJson<unknown>(annotations[ANNOTATION_SPEC], undefined));
  if (!spec.success) return undefined;
  const apiMeta = parseJson<Record<string, unknown> | undefined>(annotations[ANNOTATION_API_META], undefined);
  return {
    id,
    policyName: meta.name,
    namespace: meta.namespace,
    targetPods: parseJson<PodRef[]>(annotations[ANNOTATION_TARGET_PODS], []),
    blockedPods: parseJson<PodRef[]>(annotations[ANNOTATION_BLOCKED_PODS], []),
    injectedAt: annotations[ANNOTATION_INJECTED_AT] ?? (meta.creationTimestamp as Partial<Date> | undefined)?.toISOString?.() ?? '',
    expiresAt: annotations[ANNOTATION_EXPIRES_AT] ?? '',
    spec: spec.data,
    owner: annotations[ANNOTATION_OWNER] ?? 'unknown',
    status: 'active',
    ...(apiMeta ? { meta: apiMeta } : {}),
  };
}

/** Expiry of a policy as a Date; an unreadable expiry counts as already expired (sweepable, never immortal). */
export function policyExpiry(policy: V1NetworkPolicy): Date {
  const raw = policy.metadata?.annotations?.[ANNOTATION_EXPIRES_AT];
  const t = raw ? Date.parse(raw) : NaN;
  return Number.isNaN(t) ? new Date(0) : new Date(t);
}
