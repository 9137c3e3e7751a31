// The dead-man's switch of one fault as a Job object: finished at creation (completions 0, so no pod ever exists) and
// deleted by Kubernetes' TTL-after-finished controller at the fault's expiry; the garbage collector then deletes the
// fault's NetworkPolicy, which the Job owns. Pure: builds the objects, calls nothing.
import type { V1Job, V1OwnerReference } from '@kubernetes/client-node';
import { ANNOTATION_EXPIRES_AT, LABEL_FAULT_ID, LABEL_MANAGED_BY, MANAGER, policyName } from '../labels.ts';

/** Label on an expiry Job (and on nothing else): `netpart.dev/role=expiry`. */
export const LABEL_ROLE = 'netpart.dev/role';
export const EXPIRY_ROLE = 'expiry';
/** Annotation naming what the Job removes when it goes, for `kubectl describe job`. */
export const ANNOTATION_EXPIRY_OF = 'netpart.dev/expiry-of';

const PREFIX = 'netpart-expiry-';
/** Name of the expiry Job of a fault id (a Job name must also be a valid label value: ≤ 63 characters). */
export const expiryJobName = (faultId: string): string => `${PREFIX}${faultId}`;
/** True when a Job name is an expiry Job's, i.e. not a runner's. */
export const isExpiryJobName = (name: string | undefined): boolean => name?.startsWith(PREFIX) ?? false;

// Never pulled and never run: completions 0 finishes the Job before any pod is made. The pod template still passes
// Pod Security "restricted" so that no namespace warns about it.
const NEVER_RUNS_IMAGE = 'registry.k8s.io/pause:3.10';

/** A Job that a runner Job owns: what the expiry Job is chained to so that deleting the runner removes its faults. */
export interface RunnerJobRef {
  name: string;
  uid: string;
  namespace: string;
}

/**
 * The earliest finish time (epoch ms) of a Job created at `now`: the TTL counts from the Job's finish time, which the API
 * server stores truncated to the second, and the controller finishes the Job after `now`.
 */
export const earliestFinishOf = (now: Date): number => Math.floor(now.getTime() / 1000) * 1000;

/** Seconds from `countsFrom` (a Job's finish time, or its earliest) to the expiry, rounded up so it never fires early. */
export const ttlSecondsFrom = (countsFrom: number, expiresAtMs: number): number => Math.max(0, Math.ceil((expiresAtMs - countsFrom) / 1000));

/**
 * Seconds from the Job's finish to the fault's expiry, counted from the start of `now`'s second: never fires early
 * (late by < 1 s, or < 2 s when the finish falls in the next second).
 */
export function expiryTtlSeconds(expiresAt: Date, now: Date): number {
  return ttlSecondsFrom(earliestFinishOf(now), expiresAt.getTime());
}

/** The ownerReference an object gets to be deleted with `job` (blockOwnerDeletion false: needs no finalizer rights). */
export function jobOwnerReference(job: { name: string; uid: string }): V1OwnerReference {
  return { apiVersion: 'batch/v1', kind: 'Job', name: job.name, uid: job.uid, blockOwnerDeletion: false };
}

/** The expiry Job of a fault; owned by the runner Job when it lives in the same namespace (ownerReferences cannot cross). */
export function expiryJob(input: {
  faultId: string;
  namespace: string;
  expiresAt: Date;
  now: Date;
  runnerJob?: RunnerJobRef | undefined;
  /** What it removes, for `kubectl describe job` (default: the fault's NetworkPolicy). */
  of?: string;
}): V1Job {
  const labels = { [LABEL_MANAGED_BY]: MANAGER, [LABEL_FAULT_ID]: input.faultId, [LABEL_ROLE]: EXPIRY_ROLE };
  const owned = input.runnerJob && input.runnerJob.namespace === input.namespace;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: expiryJobName(input.faultId),
      namespace: input.namespace,
      labels,
      annotations: { [ANNOTATION_EXPIRES_AT]: input.expiresAt.toISOString(), [ANNOTATION_EXPIRY_OF]: input.of ?? `NetworkPolicy/${policyName(input.faultId)}` },
      ...(owned ? { ownerReferences: [jobOwnerReference(input.runnerJob!)] } : {}),
    },
    spec: {
      completions: 0,
      parallelism: 0,
      backoffLimit: 0,
      ttlSecondsAfterFinished: expiryTtlSeconds(input.expiresAt, input.now),
      template: {
        metadata: { labels: { [LABEL_MANAGED_BY]: MANAGER, [LABEL_FAULT_ID]: input.faultId } },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'never-runs',
              image: NEVER_RUNS_IMAGE,
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  };
}
