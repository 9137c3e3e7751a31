// The per-fault label on target pods: put on at injection, taken off at recovery, found again by the sweeper.
import type { V1Pod } from '@kubernetes/client-node';
import { isNotFound, mergePatch, type Kube } from '../kube/client.ts';
import { TARGET_LABEL_PREFIX, TARGET_LABEL_VALUE, targetLabelKey } from './labels.ts';

/**
 * Puts the fault's label on each target pod; on a failure the caller rolls back with unlabelTargets. A pod read with
 * its uid is labelled only if it is still that pod: the uid in the patch is checked by the API server, which refuses
 * to change it, so a pod deleted and re-created under the same name since it was read fails the patch.
 */
export async function labelTargets(kube: Kube, namespace: string, faultId: string, pods: V1Pod[]): Promise<void> {
  const key = targetLabelKey(faultId);
  // All at once: an inject with count "all" should not pay one round trip per pod.
  await Promise.all(
    pods.map((pod) => {
      const uid = pod.metadata?.uid;
      const body = { metadata: { ...(uid ? { uid } : {}), labels: { [key]: TARGET_LABEL_VALUE } } };
      return kube.core.patchNamespacedPod({ name: pod.metadata?.name ?? '', namespace, body }, mergePatch);
    }),
  );
}

/** Removes the fault's label from the named pods (the ones it was put on), all at once; missing pods are fine. */
export async function unlabelPods(kube: Kube, namespace: string, faultId: string, names: string[]): Promise<string[]> {
  const key = targetLabelKey(faultId);
  const removed = await Promise.all(
    names.map(async (name) => {
      try {
        await kube.core.patchNamespacedPod({ name, namespace, body: { metadata: { labels: { [key]: null } } } }, mergePatch);
        return name;
      } catch (error) {
        if (!isNotFound(error)) throw error;
        return undefined;
      }
    }),
  );
  return removed.filter((n): n is string => n !== undefined);
}

/** Removes the fault's label from every pod in the namespace that carries it; missing pods are fine. */
export async function unlabelTargets(kube: Kube, namespace: string, faultId: string): Promise<string[]> {
  const key = targetLabelKey(faultId);
  const list = await kube.core.listNamespacedPod({ namespace, labelSelector: key });
  const removed: string[] = [];
  for (const pod of list.items) {
    const name = pod.metadata?.name ?? '';
    try {
      await kube.core.patchNamespacedPod({ name, namespace, body: { metadata: { labels: { [key]: null } } } }, mergePatch);
      removed.push(name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return removed;
}

/** Fault ids whose target label a pod carries. */
export function faultIdsOnPod(pod: V1Pod): string[] {
  return Object.keys(pod.metadata?.labels ?? {})
    .filter((k) => k.startsWith(TARGET_LABEL_PREFIX))
    .map((k) => k.slice(TARGET_LABEL_PREFIX.length));
}
