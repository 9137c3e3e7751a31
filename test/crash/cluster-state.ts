// What the crash suite asserts about the cluster: partition policies and target labels left in a namespace.
import { TARGET_LABEL_PREFIX, POLICY_SELECTOR, LABEL_FAULT_ID } from '../../runner/faults/labels.ts';
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

/** A suspended Job (no pod ever runs) to stand for a runner's Job: the owner of its faults. */
export async function createOwnerJob(kube: Kube, namespace: string, name: string): Promise<{ name: string; uid: string; namespace: string }> {
  const job = await kube.batch.createNamespacedJob({
    namespace,
    body: {
      metadata: { name },
      spec: {
        suspend: true,
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'runner', image: 'registry.k8s.io/pause:3.10' }] } },
      },
    },
  });
  return { name, uid: job.metadata?.uid ?? '', namespace };
}

/** A small deterministic PRNG (mulberry32) so a failing kill schedule can be replayed from its printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
