// Which namespaces the engine may read: cluster-wide when RBAC allows, else the namespaces it was given.
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import type { Kube } from '../kube/client.ts';
import { statusCode } from '../kube/errors.ts';
import { rawJson } from '../kube/raw.ts';
import { partitionPolicyListPath, policiesFromList, type RawPolicyList } from './policy-list.ts';

/** What listing needs of a connection: the runner's start-up has only the loaded config, not the typed clients. */
export type PolicyReader = Pick<Kube, 'config' | 'namespace'>;

/** The partition policies of one namespace (all namespaces when undefined); `onSent` as in rawJson. */
export async function listPartitionPoliciesIn(kube: PolicyReader, namespace: string | undefined, onSent?: () => void): Promise<V1NetworkPolicy[]> {
  const list = await rawJson<RawPolicyList>(kube.config, { path: partitionPolicyListPath(namespace), ...(onSent ? { onSent } : {}) });
  return policiesFromList(list);
}

/** Lists every partition policy the caller can see: all namespaces if allowed, else the given ones. */
export async function listPartitionPolicies(kube: PolicyReader, namespaces: string[] | undefined): Promise<V1NetworkPolicy[]> {
  if (namespaces && namespaces.length > 0) {
    const lists = await Promise.all(namespaces.map((namespace) => listPartitionPoliciesIn(kube, namespace)));
    return lists.flat();
  }
  try {
    return await listPartitionPoliciesIn(kube, undefined);
  } catch (error) {
    // A namespace-scoped ServiceAccount (the runner's) may not list cluster-wide: fall back to its own namespace.
    if (statusCode(error) !== 403) throw error;
    return await listPartitionPoliciesIn(kube, kube.namespace);
  }
}
