// Reads the runs `run-incluster results` lists: the runner Jobs (one-off and CronJob-made) of a namespace, their
// pods, and a pod's log only when its termination message has no result. Three kinds of request, all namespaced.
import { ERROR_CODES, NetpartError } from '../../../util/errors.ts';
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { isNotFound, kubeErrorMessage, statusCode, type Kube } from '../../../kube/client.ts';
import { LABEL_MANAGED_BY, MANAGER } from '../../../faults/labels.ts';
import { LABEL_SCENARIO, RUNNER_APP_LABEL } from '../job-spec.ts';
import { needsLog, runRecord, summaryFromLog, type RunRecord, type RunnerSummary } from './record.ts';

/** The cluster refused a read (403, 401, …): carries the apiserver's words and what to grant. */
export class ResultsAccessError extends NetpartError {
  override name = 'ResultsAccessError';
  constructor(
    message: string,
    readonly statusCode: number | undefined,
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.resultsAccessDenied, message, options);
  }
}

/** The namespace does not exist (a list in a missing namespace is empty, so this is checked when nothing is found). */
export class NamespaceNotFoundError extends NetpartError {
  override name = 'NamespaceNotFoundError';
  constructor(
    readonly namespace: string,
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.namespaceNotFound, `namespace "${namespace}" does not exist; check -n (kubectl get namespaces)`, options);
  }
}

/** What one `results` call asks for. */
export interface ReadRunsQuery {
  namespace: string;
  scenario?: string;
  limit: number;
  now?: Date;
}

/** The runs newest first, and notes for stderr (e.g. a log that could not be read). */
export interface ReadRunsResult {
  runs: RunRecord[];
  warnings: string[];
}

const RUNNER_SELECTOR = `app.kubernetes.io/name=${RUNNER_APP_LABEL},${LABEL_MANAGED_BY}=${MANAGER}`;

/** The verbs `results` needs, for the fix line of a refusal. */
export const RESULTS_RIGHTS = 'list on jobs (batch), list on pods and get on pods/log';

// "User "system:serviceaccount:ns:ci" cannot list …" → a rolebinding command for exactly that subject
function bindCommand(message: string, namespace: string): string {
  const user = /User "([^"]+)"/.exec(message)?.[1];
  const sa = user ? /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user) : null;
  const subject = sa ? `--serviceaccount=${sa[1]}:${sa[2]}` : user ? `--user=${user}` : '--user=<you>';
  const bindingName = `netpart-submitter-${(sa?.[2] ?? user ?? 'you')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 40)}`.replace(/-+$/, '');
  return `kubectl -n ${namespace} create rolebinding ${bindingName} --role=netpart-submitter ${subject}`;
}

/** Turns a refused request into the error the user reads: what failed, the apiserver's words, the fix. */
export function accessError(what: string, namespace: string, error: unknown): ResultsAccessError {
  const code = statusCode(error);
  const words = kubeErrorMessage(error);
  const fix =
    code === 403
      ? `\n  fix: \`run-incluster results\` needs ${RESULTS_RIGHTS} in namespace ${namespace}; the Role netpart-submitter ` +
        `(manifests/base/submitter-rbac.yaml) grants them. Bind it: ${bindCommand(words, namespace)}`
      : code === 401
        ? '\n  fix: the credentials were not accepted; renew them or pick another --kubeconfig/--context'
        : '';
  return new ResultsAccessError(`cannot ${what} in namespace "${namespace}": ${words}${fix}`, code, { cause: error });
}

const startOf = (job: V1Job): number => new Date(job.status?.startTime ?? job.metadata?.creationTimestamp ?? 0).getTime();

// a Job made one pod (backoffLimit 0); if a node loss made two, the newest has the result
function podsByJob(pods: readonly V1Pod[]): Map<string, V1Pod> {
  const byJob = new Map<string, V1Pod>();
  for (const pod of pods) {
    const owner = pod.metadata?.ownerReferences?.find((o) => o.kind === 'Job')?.uid;
    if (!owner) continue;
    const seen = byJob.get(owner);
    if (!seen || new Date(pod.metadata?.creationTimestamp ?? 0) > new Date(seen.metadata?.creationTimestamp ?? 0)) byJob.set(owner, pod);
  }
  return byJob;
}

async function logSummary(kube: Kube, pod: V1Pod, warnings: string[]): Promise<RunnerSummary | undefined> {
  const name = pod.metadata!.name!;
  const namespace = pod.metadata!.namespace!;
  try {
    // the result record is the runner's last line; the tail keeps a long run's log off the wire
    const text = await kube.core.readNamespacedPodLog({ name, namespace, container: 'runner', tailLines: 200 });
    return summaryFromLog(typeof text === 'string' ? text : String(text));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    const refused = accessError('read runner pod logs (pods/log)', namespace, error);
    warnings.push(`${refused.message}\n  (listed from the Job and pod status instead)`);
    return undefined;
  }
}

/** Lists the last `limit` runs in the namespace (optionally of one scenario), newest first. */
export async function readRuns(kube: Kube, query: ReadRunsQuery): Promise<ReadRunsResult> {
  const { namespace } = query;
  const selector = query.scenario ? `${RUNNER_SELECTOR},${LABEL_SCENARIO}=${query.scenario}` : RUNNER_SELECTOR;
  let jobs: V1Job[];
  try {
    jobs = (await kube.batch.listNamespacedJob({ namespace, labelSelector: selector })).items;
  } catch (error) {
    throw accessError('list jobs', namespace, error);
  }
  if (jobs.length === 0) {
    await requireNamespace(kube, namespace);
    return { runs: [], warnings: [] };
  }
  jobs.sort((a, b) => startOf(b) - startOf(a));
  jobs = jobs.slice(0, query.limit);
  let pods: V1Pod[];
  try {
    pods = (await kube.core.listNamespacedPod({ namespace, labelSelector: RUNNER_SELECTOR })).items;
  } catch (error) {
    throw accessError('list pods', namespace, error);
  }
  const byJob = podsByJob(pods);
  const warnings: string[] = [];
  const now = query.now ?? new Date();
  const runs = await Promise.all(
    jobs.map(async (job) => {
      const pod = byJob.get(job.metadata?.uid ?? '');
      const fromLog = pod && needsLog(pod) ? await logSummary(kube, pod, warnings) : undefined;
      return runRecord(job, pod, fromLog, now);
    }),
  );
  // the runner's own start time orders what the reader sees; the Job's start only chose which runs to read
  runs.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
  return { runs, warnings: [...new Set(warnings)] };
}

// a list in a namespace that does not exist is just empty; say so when we may ask (reading namespaces is cluster-scoped)
async function requireNamespace(kube: Kube, namespace: string): Promise<void> {
  try {
    await kube.core.readNamespace({ name: namespace });
  } catch (error) {
    if (isNotFound(error)) throw new NamespaceNotFoundError(namespace, { cause: error });
    // 403 for most users: cannot tell, and "no runs" is then the honest answer
  }
}
