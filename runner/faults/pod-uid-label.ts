// How a partition policy finds its target pods: by a label holding each pod's own uid, put on once per pod.
import type { V1LabelSelector, V1Pod } from '@kubernetes/client-node';
import type { Kube } from '../kube/client.ts';
import { podPath, podsPath, rawJson } from '../kube/raw.ts';
import { LABEL_POD_UID } from './labels.ts';

/**
 * The podSelector of a partition: the pods whose uid label names one of `uids`. A pod object is the only thing with
 * its uid, so a replacement pod (even one re-created under the same name) is never selected, and the label says
 * nothing about any fault: it stays on the pod after recovery, so the next fault on that pod writes only its policy.
 */
export const podUidSelector = (uids: readonly string[]): V1LabelSelector => ({
  matchExpressions: [{ key: LABEL_POD_UID, operator: 'In', values: [...new Set(uids)].sort() }],
});

const uidOf = (pod: V1Pod): string => pod.metadata?.uid ?? '';

// The pods of a watch-cache snapshot by the value of their uid label, built once per snapshot (the cache hands out one
// array per version), so a burst of injects does not scan the namespace once each.
const byUidLabel = new WeakMap<readonly V1Pod[], Map<string, V1Pod[]>>();
function wearing(pods: readonly V1Pod[], uid: string): V1Pod[] {
  let index = byUidLabel.get(pods);
  if (!index) {
    index = new Map();
    for (const pod of pods) {
      const value = pod.metadata?.labels?.[LABEL_POD_UID];
      if (value !== undefined) index.set(value, [...(index.get(value) ?? []), pod]);
    }
    byUidLabel.set(pods, index);
  }
  return index.get(uid) ?? [];
}

/** Targets whose uid label is missing or wrong (a pod made from a copy of another pod's labels). */
export const podsWithoutUidLabel = (pods: readonly V1Pod[]): V1Pod[] => pods.filter((pod) => pod.metadata?.labels?.[LABEL_POD_UID] !== uidOf(pod));

/**
 * Pods other than the targets that carry a target's uid as their label (created from a copy of a target's labels):
 * a policy selecting that uid would cut them too. `known` is the namespace's pods when a watch cache holds them;
 * otherwise one list by label selector asks the API server.
 */
export async function podsImpersonating(kube: Kube, namespace: string, targets: readonly V1Pod[], known?: readonly V1Pod[]): Promise<V1Pod[]> {
  const uids = new Set(targets.map(uidOf));
  const carriers = known
    ? [...uids].flatMap((uid) => wearing(known, uid))
    : ((
        await rawJson<{ items?: V1Pod[] }>(kube.config, {
          path: `${podsPath(namespace)}?labelSelector=${encodeURIComponent(`${LABEL_POD_UID} in (${[...uids].join(',')})`)}`,
        })
      ).items ?? []);
  return carriers.filter((pod) => pod.metadata?.labels?.[LABEL_POD_UID] !== uidOf(pod));
}

/**
 * Sets each pod's uid label to its own uid, all at once. The patch also names the uid as a precondition (the API server
 * refuses to change it), so a pod deleted and re-created under the same name since it was read fails the patch.
 */
export async function labelPodUids(kube: Kube, namespace: string, pods: readonly V1Pod[]): Promise<void> {
  await Promise.all(
    pods.map((pod) =>
      // Raw merge patch: the patched pod that comes back is not read, so client-node's typed decoding is skipped.
      rawJson(kube.config, {
        method: 'PATCH',
        path: podPath(namespace, pod.metadata?.name ?? ''),
        contentType: 'application/merge-patch+json',
        body: { metadata: { uid: uidOf(pod), labels: { [LABEL_POD_UID]: uidOf(pod) } } },
      }),
    ),
  );
}
