// What cluster tests assert after a fault's life: partition policies and target labels left in a namespace.
import assert from 'node:assert/strict';
import { LABEL_FAULT_ID, POLICY_SELECTOR, TARGET_LABEL_PREFIX } from '../../runner/faults/labels.ts';
import type { Kube } from '../../runner/kube/client.ts';

/** Partition policies (by fault id) and target labels (pod → fault ids) currently in the namespace. */
export interface Leftovers {
  policies: string[];
  labels: { pod: string; faultId: string }[];
}

/** Reads every partition policy and every per-fault target label in `namespace`. */
export async function leftovers(kube: Kube, namespace: string): Promise<Leftovers> {
  const policies = (await kube.net.listNamespacedNetworkPolicy({ namespace, labelSelector: POLICY_SELECTOR })).items.map(
    (p) => p.metadata?.labels?.[LABEL_FAULT_ID] ?? '?',
  );
  const labels = (await kube.core.listNamespacedPod({ namespace })).items.flatMap((pod) =>
    Object.keys(pod.metadata?.labels ?? {})
      .filter((k) => k.startsWith(TARGET_LABEL_PREFIX))
      .map((k) => ({ pod: pod.metadata?.name ?? '', faultId: k.slice(TARGET_LABEL_PREFIX.length) })),
  );
  return { policies: policies.sort(), labels };
}

/** Asserts that no partition policy and no target label is left in `namespace`. */
export async function assertNoLeftovers(kube: Kube, namespace: string, message?: string): Promise<void> {
  assert.deepEqual(await leftovers(kube, namespace), { policies: [], labels: [] }, message);
}
