// Which namespaces the engine may read: cluster-wide when RBAC allows, else the namespaces it was given.
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { statusCode, type Kube } from '../kube/client.ts';
import { POLICY_SELECTOR } from './labels.ts';

/** Lists every partition policy the caller can see: all namespaces if allowed, else the given ones. */
export async function listPartitionPolicies(kube: Kube, namespaces: string[] | undefined): Promise<V1NetworkPolicy[]> {
  if (namespaces && namespaces.length > 0) {
    const lists = await Promise.all(
      namespaces.map((namespace) => kube.net.listNamespacedNetworkPolicy({ namespace, labelSelector: POLICY_SELECTOR })),
    );
    return lists.flatMap((l) => l.items);
  }
  try {
    return (await kube.net.listNetworkPolicyForAllNamespaces({ labelSelector: POLICY_SELECTOR })).items;
  } catch (error) {
    // A namespace-scoped ServiceAccount (the runner's) may not list cluster-wide: fall back to its own namespace.
    if (statusCode(error) !== 403) throw error;
    return (await kube.net.listNamespacedNetworkPolicy({ namespace: kube.namespace, labelSelector: POLICY_SELECTOR })).items;
  }
}
