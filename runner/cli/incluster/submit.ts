// Creates what run-incluster runs: ConfigMap, then Job, then hands the ConfigMap to the Job so GC removes both together.
import type { V1ConfigMap, V1CronJob, V1Job } from '@kubernetes/client-node';
import type { Kube } from '../../kube/client.ts';
import { isConflict, isNotFound, kubeErrorMessage, mergePatch, statusCode } from '../../kube/client.ts';
import { KubeRequestError, ValidationError } from '../../util/errors.ts';
import { ownerReferenceTo } from './job-spec.ts';

const fail = (what: string, error: unknown): KubeRequestError => {
  const code = statusCode(error);
  const hint =
    code === 403 ? ' — your identity lacks this permission; see docs/cli.md "RBAC" (manifests/base/submitter-rbac.yaml, Role netpart-submitter)' : '';
  return new KubeRequestError(`${what}: ${kubeErrorMessage(error)}${hint}`, code, { cause: error });
};

async function deleteQuietly(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/** Creates the Job (and its scenario ConfigMap first, so the pod never waits for it); returns the created Job. */
export async function submitJob(kube: Kube, job: V1Job, configMap?: V1ConfigMap): Promise<V1Job> {
  const namespace = job.metadata!.namespace!;
  if (configMap) {
    try {
      await kube.core.createNamespacedConfigMap({ namespace, body: configMap });
    } catch (error) {
      throw fail(`cannot create ConfigMap ${namespace}/${configMap.metadata!.name}`, error);
    }
  }
  let created: V1Job;
  try {
    created = await kube.batch.createNamespacedJob({ namespace, body: job });
  } catch (error) {
    // no Job will ever own it: remove the ConfigMap ourselves
    if (configMap) await deleteQuietly(() => kube.core.deleteNamespacedConfigMap({ name: configMap.metadata!.name!, namespace })).catch(() => undefined);
    throw fail(`cannot create Job ${namespace}/${job.metadata!.name}`, error);
  }
  if (configMap) await adoptConfigMap(kube, namespace, configMap.metadata!.name!, { kind: 'Job', name: created.metadata!.name!, uid: created.metadata!.uid! });
  return created;
}

/** Points the ConfigMap's ownerReference at its Job/CronJob, so deleting the owner deletes the scenario too. */
export async function adoptConfigMap(
  kube: Kube,
  namespace: string,
  name: string,
  owner: { kind: 'Job' | 'CronJob'; name: string; uid: string },
): Promise<void> {
  try {
    await kube.core.patchNamespacedConfigMap({ name, namespace, body: { metadata: { ownerReferences: [ownerReferenceTo(owner)] } } }, mergePatch);
  } catch (error) {
    throw fail(`cannot set the owner of ConfigMap ${namespace}/${name}`, error);
  }
}

/**
 * The apiserver's own validation of the CronJob (a dry run: nothing is stored), before the ConfigMap exists: croner
 * accepts a few schedules Kubernetes' cron parser refuses (L, W, #), and those must not leave a ConfigMap behind.
 */
export async function validateCronJob(kube: Kube, cronJob: V1CronJob): Promise<void> {
  const namespace = cronJob.metadata!.namespace!;
  try {
    await kube.batch.createNamespacedCronJob({ namespace, body: cronJob, dryRun: 'All' });
  } catch (error) {
    // AlreadyExists: valid, and applyCronJob replaces it
    if (isConflict(error)) return;
    const message = kubeErrorMessage(error);
    if (statusCode(error) === 422 && message.includes('spec.schedule')) {
      const issue = `--schedule: Kubernetes refuses "${cronJob.spec!.schedule}": ${message.replace(/^.*spec\.schedule: (?:Invalid value: "(?:[^"\\]|\\.)*": )?/s, '')}; use five fields "minute hour day-of-month month day-of-week" (no L, W or #), e.g. "0 * * * *"`;
      throw new ValidationError(issue, [issue], { cause: error });
    }
    throw fail(`Kubernetes refuses CronJob ${namespace}/${cronJob.metadata!.name}`, error);
  }
}

/** Creates or replaces a CronJob (and its ConfigMap) once the apiserver accepts it; replacing keeps history and uid. */
export async function applyCronJob(kube: Kube, cronJob: V1CronJob, configMap?: V1ConfigMap): Promise<V1CronJob> {
  const namespace = cronJob.metadata!.namespace!;
  const name = cronJob.metadata!.name!;
  await validateCronJob(kube, cronJob);
  if (configMap) {
    try {
      await kube.core.createNamespacedConfigMap({ namespace, body: configMap });
    } catch (error) {
      if (!isConflict(error)) throw fail(`cannot create ConfigMap ${namespace}/${configMap.metadata!.name}`, error);
      try {
        await kube.core.replaceNamespacedConfigMap({ name: configMap.metadata!.name!, namespace, body: configMap });
      } catch (replaceError) {
        throw fail(`cannot replace ConfigMap ${namespace}/${configMap.metadata!.name}`, replaceError);
      }
    }
  }
  let applied: V1CronJob;
  try {
    applied = await kube.batch.createNamespacedCronJob({ namespace, body: cronJob });
  } catch (error) {
    if (!isConflict(error)) throw fail(`cannot create CronJob ${namespace}/${name}`, error);
    try {
      const existing = await kube.batch.readNamespacedCronJob({ name, namespace });
      applied = await kube.batch.replaceNamespacedCronJob({
        name,
        namespace,
        body: { ...cronJob, metadata: { ...cronJob.metadata, resourceVersion: existing.metadata?.resourceVersion } },
      });
    } catch (replaceError) {
      throw fail(`cannot replace CronJob ${namespace}/${name}`, replaceError);
    }
  }
  if (configMap) await adoptConfigMap(kube, namespace, configMap.metadata!.name!, { kind: 'CronJob', name, uid: applied.metadata!.uid! });
  return applied;
}
