// What cluster tests assert after a fault's life: partition policies, and the pods bound to a fault, left in a namespace.
import assert from 'node:assert/strict';
import { LABEL_FAULT_ID, POLICY_SELECTOR, TARGET_LABEL_PREFIX } from '../../runner/faults/labels.ts';
import { matchesLabelSelector } from '../../runner/faults/selector.ts';
import type { Kube } from '../../runner/kube/client.ts';

/** Partition policies (by fault id) and the pods bound to a fault (pod → fault id). */
export interface Leftovers {
  policies: string[];
  /**
   * A pod and a fault it is bound to: selected by that fault's policy now, or wearing an earlier release's per-fault
   * label. A consistent namespace has the same fault ids here as in `policies`.
   */
  labels: { pod: string; faultId: string }[];
}

/** Reads every partition policy, the pods each selects, and every per-fault label in `namespace`. */
export async function leftovers(kube: Kube, namespace: string): Promise<Leftovers> {
  const [policyList, podList] = await Promise.all([
    kube.net.listNamespacedNetworkPolicy({ namespace, labelSelector: POLICY_SELECTOR }),
    kube.core.listNamespacedPod({ namespace }),
  ]);
  const bound = new Map<string, { pod: string; faultId: string }>();
  for (const pod of podList.items) {
    const name = pod.metadata?.name ?? '';
    const labels = pod.metadata?.labels ?? {};
    for (const key of Object.keys(labels).filter((k) => k.startsWith(TARGET_LABEL_PREFIX))) {
      const faultId = key.slice(TARGET_LABEL_PREFIX.length);
      bound.set(`${name}/${faultId}`, { pod: name, faultId });
    }
    for (const policy of policyList.items) {
      const faultId = policy.metadata?.labels?.[LABEL_FAULT_ID] ?? '?';
      if (matchesLabelSelector(policy.spec?.podSelector ?? {}, labels)) bound.set(`${name}/${faultId}`, { pod: name, faultId });
    }
  }
  const policies = policyList.items.map((p) => p.metadata?.labels?.[LABEL_FAULT_ID] ?? '?');
  return { policies: policies.sort(), labels: [...bound.values()] };
}

/** Asserts that no partition policy and no per-fault label is left in `namespace`. */
export async function assertNoLeftovers(kube: Kube, namespace: string, message?: string): Promise<void> {
  assert.deepEqual(await leftovers(kube, namespace), { policies: [], labels: [] }, message);
}
