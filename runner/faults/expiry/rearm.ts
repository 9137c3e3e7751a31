// Re-arming an emptied shared expiry Job for a later expiry second, instead of deleting it and creating another: one
// merge patch of its TTL (mutable on a finished Job) in place of a Job create, the Job controller's sync of the new Job,
// its `Completed` Event and, later, a Job delete. See groups.ts for when a Job may be re-armed.
import type { V1Job } from '@kubernetes/client-node';
import { kubeErrorMessage, statusCode, type Kube } from '../../kube/client.ts';
import { jobPath, rawJson } from '../../kube/raw.ts';
import { KubeRequestError, RefusedError } from '../../util/errors.ts';
import { ANNOTATION_EXPIRES_AT } from '../labels.ts';
import { ttlSecondsFrom } from './job.ts';

/** The finish time the TTL-after-finished controller counts from: the Complete (or Failed) condition's transition. */
export function finishTimeOf(job: V1Job): number | undefined {
  const condition = job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  const at = condition?.lastTransitionTime ? new Date(condition.lastTransitionTime).getTime() : Number.NaN;
  return Number.isNaN(at) ? undefined : at;
}

/** What a re-arm refused for lack of the right to patch Jobs is: the engine then stops re-arming and creates Jobs. */
export const REARM_NOT_ALLOWED = 'expiry-rearm-not-allowed';

/**
 * Sets the Job's TTL so that it fires at `expiresAtMs` (never earlier), counted from `countsFrom` (its finish time, or
 * its earliest), and returns its finish time: exact when the patched Job that comes back says it, else `countsFrom`. The uid in the patch is a precondition: a Job of the same name
 * that is not this one is refused. A 403 is a RefusedError (`expiry-rearm-not-allowed`) naming the right.
 */
export async function rearmExpiryJob(
  kube: Kube,
  job: { namespace: string; name: string; uid: string },
  countsFrom: number,
  expiresAtMs: number,
): Promise<number> {
  const body = {
    metadata: { uid: job.uid, annotations: { [ANNOTATION_EXPIRES_AT]: new Date(expiresAtMs).toISOString() } },
    spec: { ttlSecondsAfterFinished: ttlSecondsFrom(countsFrom, expiresAtMs) },
  };
  try {
    const patched = await rawJson<V1Job>(kube.config, {
      method: 'PATCH',
      path: jobPath(job.namespace, job.name),
      contentType: 'application/merge-patch+json',
      body,
    });
    return finishTimeOf(patched) ?? countsFrom;
  } catch (error) {
    const status = statusCode(error);
    const what = `re-arming expiry Job ${job.name} in ${job.namespace}`;
    if (status === 403) {
      throw new RefusedError(
        `${what}: ${kubeErrorMessage(error)}. Grant "patch" on jobs.batch (manifests/base for the runner, manifests/api for the API service) so that a stream of faults reuses its expiry Jobs`,
        REARM_NOT_ALLOWED,
        { cause: error },
      );
    }
    if (status !== undefined) throw new KubeRequestError(`${what}: ${kubeErrorMessage(error)}`, status, { cause: error });
    throw error;
  }
}
