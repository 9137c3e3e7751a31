// Cluster helpers of the crash suite: owner Jobs that stand for runners, and a replayable random schedule.
import { isNotFound, type Kube } from '../../runner/kube/client.ts';
import { waitFor } from '../support/wait.ts';

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

/** Deletes an owner Job orphaning its dependents (so the sweep, not the GC, must clean up) and waits until it is gone. */
export async function deleteOwnerJobOrphaning(kube: Kube, job: { name: string; namespace: string }): Promise<void> {
  await kube.batch.deleteNamespacedJob({ name: job.name, namespace: job.namespace, propagationPolicy: 'Orphan' });
  await waitFor(`Job ${job.name} gone`, async () => {
    try {
      await kube.batch.readNamespacedJob({ name: job.name, namespace: job.namespace });
      return false;
    } catch (error) {
      if (isNotFound(error)) return true;
      throw error;
    }
  });
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
