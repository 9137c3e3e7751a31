// Arming and disarming a fault's expiry Job: what the engine calls at inject, rollback and recovery (see job.ts).
import { EVENTS } from '../../contract/events.ts';
import type { V1OwnerReference } from '@kubernetes/client-node';
import { isNotFound, kubeErrorMessage, statusCode, type Kube } from '../../kube/client.ts';
import type { Logger } from '../../log/logger.ts';
import { KubeRequestError, RefusedError } from '../../util/errors.ts';
import { expiryJob, expiryJobName, jobOwnerReference, type RunnerJobRef } from './job.ts';

export { expiryJobName, isExpiryJobName, type RunnerJobRef } from './job.ts';

/** Whether faults get an expiry Job: yes unless NETPART_EXPIRY_JOB=off (then only timers and sweeps end them). */
export function expiryJobEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.NETPART_EXPIRY_JOB ?? '').trim().toLowerCase() !== 'off';
}

/** The fault fields an expiry Job needs. */
export interface ExpiringFault {
  id: string;
  namespace: string;
  expiresAt: string;
}

// What a refused create means for the user, and the two ways out.
const refusalHint = (namespace: string) =>
  `netpart ends every fault at its expiry with a Job in the fault's namespace (completions 0: it never runs a pod), ` +
  `so the caller needs "create" and "delete" on jobs.batch in ${namespace} (manifests/base for the runner, manifests/api ` +
  `for the API service); or set NETPART_EXPIRY_JOB=off to rely on the in-process timer and the sweeper alone`;

/**
 * Creates the fault's expiry Job and returns the ownerReference its policy must carry. Disabled, it returns the runner
 * Job's (same namespace only), as before expiry Jobs. Called before anything else is created, so a refusal (RBAC,
 * quota) leaves nothing behind: it is a RefusedError with the API server's words and the fix.
 */
export async function armExpiry(
  kube: Kube,
  fault: ExpiringFault,
  runnerJob: RunnerJobRef | undefined,
  options: { enabled: boolean; now: Date; of?: string },
): Promise<V1OwnerReference | undefined> {
  if (!options.enabled) return runnerJob && runnerJob.namespace === fault.namespace ? jobOwnerReference(runnerJob) : undefined;
  const body = expiryJob({
    faultId: fault.id,
    namespace: fault.namespace,
    expiresAt: new Date(fault.expiresAt),
    now: options.now,
    runnerJob,
    ...(options.of ? { of: options.of } : {}),
  });
  const name = expiryJobName(fault.id);
  try {
    const created = await kube.batch.createNamespacedJob({ namespace: fault.namespace, body });
    return jobOwnerReference({ name, uid: created.metadata?.uid ?? '' });
  } catch (error) {
    const status = statusCode(error);
    if (status === 403) {
      throw new RefusedError(
        `cannot create expiry Job ${name} in ${fault.namespace}: ${kubeErrorMessage(error)}. ${refusalHint(fault.namespace)}`,
        'expiry-not-allowed',
        { cause: error },
      );
    }
    if (status !== undefined)
      throw new KubeRequestError(`creating expiry Job ${name} in ${fault.namespace}: ${kubeErrorMessage(error)}`, status, { cause: error });
    throw error;
  }
}

/**
 * Deletes a fault's expiry Job (recovery, rollback, sweep). Never throws: the policy's own deletion is what restores
 * traffic, and a Job left behind finished long ago, runs nothing and is deleted by its TTL at the fault's expiry.
 * Returns whether it is gone now.
 */
export async function disarmExpiry(kube: Kube, namespace: string, faultId: string, log?: Logger): Promise<boolean> {
  return deleteExpiryJob(kube, namespace, expiryJobName(faultId), faultId, log);
}

/** Deletes an expiry Job by name (a fault's own, or a burst's shared one); never throws, as disarmExpiry. */
export async function deleteExpiryJob(kube: Kube, namespace: string, name: string, faultId: string | undefined, log?: Logger): Promise<boolean> {
  try {
    await kube.batch.deleteNamespacedJob({ name, namespace, propagationPolicy: 'Background' });
    return true;
  } catch (error) {
    if (isNotFound(error)) return true;
    log?.warn(
      { ...(faultId ? { faultId } : {}), job: name, namespace, err: error, note: `its TTL removes it at the fault's expiry: ${kubeErrorMessage(error)}` },
      EVENTS.expiryJobNotDeleted,
    );
    return false;
  }
}
