// The sweep's share of the helpers: remove `drop` helper pods a crashed injector left (finished, or overdue).
import type { V1Pod } from '@kubernetes/client-node';
import { isNotFound, statusCode, type Kube } from '../../kube/client.ts';
import { LABEL_FAULT_NAMESPACE, LABEL_HELPER } from './helper-specs.ts';
import { deleteDropPod } from './drop.ts';

/** A running helper older than this is overdue (its own deadline is settle + 60 s); the sweep removes it. */
export const HELPER_MAX_AGE_MS = 5 * 60_000;
/** A finished helper younger than this may still be read by its injector (its report is the termination message). */
export const HELPER_READ_GRACE_MS = 2 * 60_000;

/**
 * Deletes finished (and no longer being read) or overdue helper pods in `namespace`; a namespace we may not read is
 * skipped. With `faultNamespaces`, only helpers of faults in those namespaces: a sweep scoped to some namespaces must
 * not take the helper another namespace's inject is still reading.
 */
export async function sweepHelperPods(kube: Kube, namespace: string, now: Date, faultNamespaces?: string[]): Promise<string[]> {
  let pods: V1Pod[];
  try {
    pods = (await kube.core.listNamespacedPod({ namespace, labelSelector: LABEL_HELPER })).items;
  } catch (error) {
    if (statusCode(error) === 403 || isNotFound(error)) return [];
    throw error;
  }
  const inScope = (pod: V1Pod) => !faultNamespaces || faultNamespaces.includes(pod.metadata?.labels?.[LABEL_FAULT_NAMESPACE] ?? '');
  const stale = pods.filter(inScope).filter((pod) => {
    const phase = pod.status?.phase;
    const created = pod.metadata?.creationTimestamp ? new Date(pod.metadata.creationTimestamp).getTime() : 0;
    const age = now.getTime() - created;
    return ((phase === 'Succeeded' || phase === 'Failed') && age > HELPER_READ_GRACE_MS) || age > HELPER_MAX_AGE_MS;
  });
  await Promise.all(stale.map((pod) => deleteDropPod(kube, namespace, pod.metadata?.name ?? '')));
  return stale.map((pod) => pod.metadata?.name ?? '');
}
