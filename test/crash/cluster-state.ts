// Cluster helpers of the crash suite: owner Jobs that stand for runners, and a replayable random schedule.
import type { Kube } from '../../runner/kube/client.ts';

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
