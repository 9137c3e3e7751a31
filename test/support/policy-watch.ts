// Measures when partition policies disappear: a watch on one namespace records each policy's DELETED time against
// the expiry on its annotation, so expiry tests report real lateness instead of a polling interval.
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { ANNOTATION_EXPIRES_AT, LABEL_FAULT_ID, POLICY_SELECTOR } from '../../runner/faults/labels.ts';
import type { Kube } from '../../runner/kube/client.ts';

/** One policy's end as the watch saw it. */
export interface PolicyEnd {
  faultId: string;
  expiresAt: number;
  deletedAt: number;
  /** deletedAt − expiresAt (negative: removed before its expiry, e.g. recovered). */
  lateMs: number;
}

/** A running watch; `ends` fills as policies are deleted. */
export interface PolicyWatch {
  ends: Map<string, PolicyEnd>;
  /** Fault ids whose policy the watch saw created. */
  created: Set<string>;
  stop(): void;
}

/** Starts watching the partition policies of `namespace` (from now on); resolves once the watch is established. */
export async function watchPolicyEnds(kube: Kube, namespace: string): Promise<PolicyWatch> {
  const ends = new Map<string, PolicyEnd>();
  const created = new Set<string>();
  const request = await kube.watch.watch(
    `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies`,
    { labelSelector: POLICY_SELECTOR },
    (type: string, policy: V1NetworkPolicy) => {
      const faultId = policy.metadata?.labels?.[LABEL_FAULT_ID] ?? '?';
      if (type === 'ADDED') created.add(faultId);
      if (type !== 'DELETED') return;
      const deletedAt = Date.now();
      const expiresAt = Date.parse(policy.metadata?.annotations?.[ANNOTATION_EXPIRES_AT] ?? '');
      ends.set(faultId, { faultId, expiresAt, deletedAt, lateMs: deletedAt - expiresAt });
    },
    () => undefined,
  );
  return { ends, created, stop: () => request.abort() };
}

/** Median and maximum of a list of numbers (0 for an empty list), for reporting lateness. */
export function summary(values: number[]): { n: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted.length === 0 ? 0 : sorted[Math.floor((sorted.length - 1) / 2)]!;
  return { n: sorted.length, median, max: sorted.at(-1) ?? 0 };
}
