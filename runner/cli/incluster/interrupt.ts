// Ctrl-C / SIGTERM for run-incluster: delete the Job (its pod gets SIGTERM and recovers) and wait until no fault is left.
import { POLL_DEFAULTS, pollUntil } from '../../util/poll.ts';
import type { Kube } from '../../kube/client.ts';
import { isNotFound, kubeErrorMessage } from '../../kube/client.ts';
import { ANNOTATION_OWNER, jobOwner, LABEL_FAULT_ID, POLICY_SELECTOR, TARGET_LABEL_PREFIX, targetLabelKey } from '../../faults/labels.ts';
import { findJobPod } from './watch-pod.ts';

/** Partition policies in the namespace still owned by the Job, with their fault ids. */
export async function remainingJobPolicies(kube: Kube, namespace: string, job: string): Promise<{ name: string; faultId: string }[]> {
  const list = await kube.net.listNamespacedNetworkPolicy({ namespace, labelSelector: POLICY_SELECTOR });
  const owner = jobOwner(namespace, job);
  return list.items
    .filter((p) => p.metadata?.annotations?.[ANNOTATION_OWNER] === owner)
    .map((p) => ({ name: p.metadata!.name!, faultId: p.metadata?.labels?.[LABEL_FAULT_ID] ?? '' }));
}

/** Pods still carrying the target label of one of these faults (`pod (fault)` strings). */
export async function remainingTargetLabels(kube: Kube, namespace: string, faultIds: Iterable<string>): Promise<string[]> {
  const found: string[] = [];
  for (const id of faultIds) {
    if (!id) continue;
    const pods = await kube.core.listNamespacedPod({ namespace, labelSelector: targetLabelKey(id) });
    found.push(...pods.items.map((p) => `${p.metadata?.name} (fault ${id})`));
  }
  return found;
}

/** Result of an interrupted run: were the faults cleaned up in time? */
export interface InterruptOutcome {
  jobDeleted: boolean;
  remainingPolicies: string[];
  remainingLabels: string[];
}

/** Deletes the Job in the foreground and waits (up to the grace period plus margin) until its policies are gone. */
export async function cancelJob(
  kube: Kube,
  options: {
    namespace: string;
    job: string;
    say: (line: string) => void;
    /** Fault ids already seen in the runner's log (fault.injected), in case the policy went first. */
    knownFaultIds?: Iterable<string>;
    timeoutMs?: number;
    pollMs?: number;
  },
): Promise<InterruptOutcome> {
  const { namespace, job, say } = options;
  let jobDeleted = true;
  try {
    await kube.batch.deleteNamespacedJob({ name: job, namespace, propagationPolicy: 'Foreground' });
    say(`deleting Job ${namespace}/${job}; the runner recovers its faults before it exits`);
  } catch (error) {
    if (!isNotFound(error)) {
      jobDeleted = false;
      say(`could not delete Job ${namespace}/${job}: ${kubeErrorMessage(error)}`);
    }
  }
  const faultIds = new Set(options.knownFaultIds ?? []);
  let policies: string[] = [];
  let labels: string[] = [];
  const clean = await pollUntil(
    async () => {
      try {
        const remaining = await remainingJobPolicies(kube, namespace, job);
        for (const p of remaining) faultIds.add(p.faultId);
        policies = remaining.map((p) => p.name);
        labels = await remainingTargetLabels(kube, namespace, faultIds);
        // recovery ends when the runner exits: until then it may still be removing labels
        const pod = await findJobPod(kube, namespace, job);
        const runnerAlive = !!pod?.status?.containerStatuses?.some((c) => c.state?.running);
        if (policies.length === 0 && labels.length === 0 && !runnerAlive) return true;
      } catch (error) {
        say(`cannot check what remains: ${kubeErrorMessage(error)}`);
      }
      return undefined;
    },
    { intervalMs: options.pollMs ?? POLL_DEFAULTS.intervalMs, timeoutMs: options.timeoutMs ?? 120_000 },
  );
  if (clean) {
    say('no partition of this Job remains');
    return { jobDeleted, remainingPolicies: [], remainingLabels: [] };
  }
  if (policies.length > 0 || labels.length > 0) {
    say(
      `still present after the wait: ${[...policies.map((p) => `policy ${p}`), ...labels.map((l) => `label on ${l}`)].join(', ')} — run ` +
        `\`fault-inject sweep -n ${namespace}\` or delete them by hand (kubectl delete networkpolicy -n ${namespace} …; ` +
        `kubectl label pod -n ${namespace} <pod> ${TARGET_LABEL_PREFIX}<id>-)`,
    );
  } else say('the runner pod is still running after the wait, but none of its partitions remains');
  return { jobDeleted, remainingPolicies: policies, remainingLabels: labels };
}
