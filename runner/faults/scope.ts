// Which namespaces the engine may read: cluster-wide when RBAC allows, else the namespaces it was given.
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import type { Kube } from '../kube/client.ts';
import { statusCode } from '../kube/errors.ts';
import { rawJson } from '../kube/raw.ts';
import { POLICY_SELECTOR } from './labels.ts';

// Raw JSON lists: client-node's typed deserialisation of 1 000 annotated policies cost more than the request itself.
// Its only conversion that matters here is the timestamps from strings to Dates, done below.
type RawPolicy = Omit<V1NetworkPolicy, 'metadata'> & { metadata?: Omit<NonNullable<V1NetworkPolicy['metadata']>, 'creationTimestamp' | 'deletionTimestamp'> & { creationTimestamp?: string; deletionTimestamp?: string } };

/** What listing needs of a connection: the runner's start-up has only the loaded config, not the typed clients. */
export type PolicyReader = Pick<Kube, 'config' | 'namespace'>;

/** The partition policies of one namespace (all namespaces when undefined); `onSent` as in rawJson. */
export async function listPartitionPoliciesIn(kube: PolicyReader, namespace: string | undefined, onSent?: () => void): Promise<V1NetworkPolicy[]> {
  const where = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const path = `/apis/networking.k8s.io/v1${where}/networkpolicies?labelSelector=${encodeURIComponent(POLICY_SELECTOR)}`;
  const list = await rawJson<{ items?: RawPolicy[] }>(kube.config, { path, ...(onSent ? { onSent } : {}) });
  return (list.items ?? []).map(({ metadata, ...rest }) => {
    if (!metadata) return rest;
    const { creationTimestamp, deletionTimestamp, ...meta } = metadata;
    return {
      ...rest,
      metadata: {
        ...meta,
        ...(creationTimestamp ? { creationTimestamp: new Date(creationTimestamp) } : {}),
        ...(deletionTimestamp ? { deletionTimestamp: new Date(deletionTimestamp) } : {}),
      },
    };
  });
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
