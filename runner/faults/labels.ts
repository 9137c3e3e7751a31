// The contract between the engine, the sweeper, the API and the tests: where a fault's state lives in the cluster.

/** Value of app.kubernetes.io/managed-by on every policy this tool creates. */
export const MANAGER = 'netpart';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/** Label on a partition policy holding its fault id. */
export const LABEL_FAULT_ID = 'netpart.dev/fault-id';
/** Label selector that finds every partition policy. */
export const POLICY_SELECTOR = `${LABEL_MANAGED_BY}=${MANAGER},${LABEL_FAULT_ID}`;

/**
 * Label on every pod netpart has targeted, holding the pod's own uid; partition policies select pods by it (see
 * pod-uid-label.ts). It is not fault state: it stays when the fault ends.
 */
export const LABEL_POD_UID = 'netpart.dev/pod-uid';

/**
 * Prefix of the per-fault label that releases before the uid label put on target pods (`fault.netpart.dev/<id>=target`,
 * with a mark annotation of the same key). Nothing writes it any more; the sweep and recovery still remove it.
 */
export const TARGET_LABEL_PREFIX = 'fault.netpart.dev/';
export const TARGET_LABEL_VALUE = 'target';
/** The per-fault label key that a policy's podSelector matches. */
export const targetLabelKey = (faultId: string): string => `${TARGET_LABEL_PREFIX}${faultId}`;

export const ANNOTATION_EXPIRES_AT = 'netpart.dev/expires-at';
export const ANNOTATION_INJECTED_AT = 'netpart.dev/injected-at';
export const ANNOTATION_SPEC = 'netpart.dev/spec';
export const ANNOTATION_OWNER = 'netpart.dev/owner';
/** UID of the runner Job named by the owner annotation: the policy's ownerReference is the expiry Job's, not the runner's. */
export const ANNOTATION_OWNER_UID = 'netpart.dev/owner-uid';
export const ANNOTATION_TARGET_PODS = 'netpart.dev/target-pods';
export const ANNOTATION_BLOCKED_PODS = 'netpart.dev/blocked-pods';
/** Free-form metadata kept for the HTTP API (partition_type, source, target, original parameters). */
export const ANNOTATION_API_META = 'netpart.dev/api-meta';

/** Name of the NetworkPolicy for a fault id. */
export const policyName = (faultId: string): string => `netpart-${faultId}`;

/** The owner annotation of a fault injected by the runner inside a Job. */
export const jobOwner = (namespace: string, job: string): string => `job/${namespace}/${job}`;

/** The Job named by a `job/<namespace>/<name>` owner annotation, or undefined for other owners. */
export function parseJobOwner(owner: string): { namespace: string; name: string } | undefined {
  const match = /^job\/([^/]+)\/([^/]+)$/.exec(owner);
  return match ? { namespace: match[1]!, name: match[2]! } : undefined;
}
