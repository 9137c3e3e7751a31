// The per-fault label earlier releases put on target pods (today's policies select by the pods' uid label, see
// pod-uid-label.ts): still removed at recovery and by the sweeper, which must also spare such a release's inject in flight.
import type { V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { isNotFound, type Kube } from '../kube/client.ts';
import { podPath, rawJson } from '../kube/raw.ts';
import { TARGET_LABEL_PREFIX, TARGET_LABEL_VALUE, targetLabelKey } from './labels.ts';
import { parseJson } from './record.ts';

/**
 * Who put a target label on and when, kept beside it as a pod annotation of the same key. The label goes on while the
 * policy is still being created, so the sweeper reads this to tell an inject in flight (young, its owner alive) from a
 * label a crash left behind.
 */
export interface TargetMark {
  injectedAt: string;
  /** When the fault ends: past it, the label is a leftover whoever owns it. */
  expiresAt: string;
  /** The fault's owner (`job/<namespace>/<name>` for a runner Job). */
  owner: string;
  /** UID of the owner Job, when the owner is one. */
  ownerUid?: string | undefined;
}

// Raw merge patches: the patched pod that comes back is not read, so client-node's typed decoding of it is skipped.
const patchPod = (kube: Kube, namespace: string, name: string, metadata: Record<string, unknown>) =>
  rawJson(kube.config, { method: 'PATCH', path: podPath(namespace, name), contentType: 'application/merge-patch+json', body: { metadata } });

// Label and mark go together, so no pod ever carries one without the other.
const unlabelPatch = (key: string) => ({ labels: { [key]: null }, annotations: { [key]: null } });

/**
 * Puts the fault's label (and its mark) on each target pod, as an earlier release's inject did (tests and benches
 * re-create its state with it); on a failure the caller rolls back with unlabelTargets. A
 * pod read with its uid is labelled only if it is still that pod: the uid in the patch is checked by the API server,
 * which refuses to change it, so a pod deleted and re-created under the same name since it was read fails the patch.
 */
export async function labelTargets(kube: Kube, namespace: string, faultId: string, pods: V1Pod[], mark: TargetMark): Promise<void> {
  const key = targetLabelKey(faultId);
  const annotation = JSON.stringify(mark);
  // All at once: an inject with count "all" should not pay one round trip per pod.
  await Promise.all(
    pods.map((pod) => {
      const uid = pod.metadata?.uid;
      return patchPod(kube, namespace, pod.metadata?.name ?? '', {
        ...(uid ? { uid } : {}),
        labels: { [key]: TARGET_LABEL_VALUE },
        annotations: { [key]: annotation },
      });
    }),
  );
}

/** Removes the fault's label from the named pods (the ones it was put on), all at once; missing pods are fine. */
export async function unlabelPods(kube: Kube, namespace: string, faultId: string, names: string[]): Promise<string[]> {
  const key = targetLabelKey(faultId);
  const removed = await Promise.all(
    names.map(async (name) => {
      try {
        await patchPod(kube, namespace, name, unlabelPatch(key));
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
  return unlabelPods(
    kube,
    namespace,
    faultId,
    list.items.map((pod) => pod.metadata?.name ?? ''),
  );
}

/** Fault ids whose target label a pod carries. */
export function faultIdsOnPod(pod: V1Pod): string[] {
  return Object.keys(pod.metadata?.labels ?? {})
    .filter((k) => k.startsWith(TARGET_LABEL_PREFIX))
    .map((k) => k.slice(TARGET_LABEL_PREFIX.length));
}

// A mark as read back from a pod: the three times/owner fields it needs, an owner uid only when it is a string.
const targetMarkSchema = z.object({ injectedAt: z.string(), expiresAt: z.string(), owner: z.string(), ownerUid: z.string().optional().catch(undefined) });

/** The mark beside a pod's target label of `faultId`; undefined when absent (an older version's label) or unreadable. */
export function targetMark(pod: V1Pod, faultId: string): TargetMark | undefined {
  const parsed = targetMarkSchema.safeParse(parseJson<unknown>(pod.metadata?.annotations?.[targetLabelKey(faultId)], undefined));
  return parsed.success ? parsed.data : undefined;
}
