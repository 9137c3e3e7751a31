// Waits for the runner Job's pod to start, printing progress and failing fast (with the fix) when it cannot start.
import { POLL_DEFAULTS, pollUntil } from '../../util/poll.ts';
import { ERROR_CODES, NetpartError } from '../../util/errors.ts';
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import type { Kube } from '../../kube/client.ts';
import { kubeErrorMessage } from '../../kube/client.ts';
import { diagnose, pendingSummary, type Diagnosis } from './diagnose.ts';

/** The pod will not start without the user's help; carries the diagnosis. */
export class PodStuckError extends NetpartError {
  override name = 'PodStuckError';
  constructor(
    readonly diagnosis: Diagnosis,
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.podStuck, `${diagnosis.reason}: ${diagnosis.message}\n  fix: ${diagnosis.fix}`, options);
  }
}

/** Where to look and how patient to be. */
export interface WatchPodOptions {
  namespace: string;
  job: string;
  onProgress: (line: string) => void;
  /** Give up on a pod that has not started after this long, reporting the last diagnosis. */
  pendingTimeoutMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
}

async function eventsFor(kube: Kube, namespace: string, kind: string, name: string): Promise<CoreV1Event[]> {
  const list = await kube.core.listNamespacedEvent({
    namespace,
    fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
  });
  return list.items;
}

/** The Job's newest pod (label batch.kubernetes.io/job-name, set by Kubernetes ≥ 1.27; job-name before that). */
export async function findJobPod(kube: Kube, namespace: string, job: string): Promise<V1Pod | undefined> {
  for (const key of ['batch.kubernetes.io/job-name', 'job-name']) {
    const pods = await kube.core.listNamespacedPod({ namespace, labelSelector: `${key}=${job}` });
    if (pods.items.length > 0) {
      return pods.items.sort((a, b) => String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? '')))[0];
    }
  }
  return undefined;
}

const started = (pod: V1Pod | undefined): boolean =>
  !!pod &&
  (pod.status?.phase === 'Succeeded' ||
    pod.status?.phase === 'Failed' ||
    !!pod.status?.containerStatuses?.some((s) => s.state?.running || s.state?.terminated));

/** Resolves with the pod once its container runs or has finished; throws PodStuckError when it never will. */
export async function waitForRunnerPod(kube: Kube, options: WatchPodOptions): Promise<V1Pod> {
  const pendingTimeoutMs = options.pendingTimeoutMs ?? 5 * 60_000;
  const seen = new Set<string>();
  let lastSummary = '';
  let last: Diagnosis | undefined;
  const pod = await pollUntil(
    async () => {
      let pod: V1Pod | undefined;
      try {
        pod = await findJobPod(kube, options.namespace, options.job);
        if (started(pod)) return pod;
        const podEvents = pod?.metadata?.name ? await eventsFor(kube, options.namespace, 'Pod', pod.metadata.name) : [];
        const jobEvents = await eventsFor(kube, options.namespace, 'Job', options.job);
        for (const diagnosis of diagnose(pod, podEvents, jobEvents)) {
          last = diagnosis;
          if (diagnosis.fatal) throw new PodStuckError(diagnosis);
          const key = `${diagnosis.reason}:${diagnosis.message}`;
          if (!seen.has(key)) {
            seen.add(key);
            options.onProgress(`${diagnosis.reason}: ${diagnosis.message} (fix: ${diagnosis.fix})`);
          }
        }
      } catch (error) {
        if (error instanceof PodStuckError) throw error;
        options.onProgress(`cannot read the Job's pod yet: ${kubeErrorMessage(error)}`);
      }
      const summary = pendingSummary(pod);
      if (summary !== lastSummary) {
        lastSummary = summary;
        options.onProgress(summary);
      }
      return undefined;
    },
    { intervalMs: options.pollMs ?? POLL_DEFAULTS.intervalMs, timeoutMs: pendingTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) },
  );
  if (pod) return pod;
  if (options.signal?.aborted) throw new Error('aborted while waiting for the runner pod');
  throw new PodStuckError(
    last ?? {
      reason: 'PendingTimeout',
      message: `${lastSummary} after ${String(Math.round(pendingTimeoutMs / 1000))}s`,
      fix: 'kubectl describe job/pod for details',
      fatal: true,
    },
  );
}
