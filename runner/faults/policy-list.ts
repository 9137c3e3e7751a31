// The partition-policy list request and its raw-JSON decoding, apart from any HTTP client: shared by the engine's
// lists (scope.ts, through client-node) and the runner's first request (start-up.ts, before client-node is loaded).
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { POLICY_SELECTOR } from './labels.ts';

// Raw JSON lists: client-node's typed deserialisation of 1 000 annotated policies cost more than the request itself.
// Its only conversion that matters here is the timestamps from strings to Dates, done below.
type RawPolicy = Omit<V1NetworkPolicy, 'metadata'> & {
  metadata?: Omit<NonNullable<V1NetworkPolicy['metadata']>, 'creationTimestamp' | 'deletionTimestamp'> & {
    creationTimestamp?: string;
    deletionTimestamp?: string;
  };
};

/** A NetworkPolicy list as the API server sends it (timestamps still strings). */
export interface RawPolicyList {
  items?: RawPolicy[];
}

/** API path (with query) listing the partition policies of one namespace, or of all when undefined. */
export function partitionPolicyListPath(namespace: string | undefined): string {
  const where = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `/apis/networking.k8s.io/v1${where}/networkpolicies?labelSelector=${encodeURIComponent(POLICY_SELECTOR)}`;
}

/** The list's policies with the Date timestamps client-node's typed models would have. */
export function policiesFromList(list: RawPolicyList): V1NetworkPolicy[] {
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
