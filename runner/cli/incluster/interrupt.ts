// Ctrl-C / SIGTERM for run-incluster: delete the Job (its pod gets SIGTERM and recovers) and wait until no fault is left.
import type { Kube } from '../../kube/client.ts';
import { isNotFound, kubeErrorMessage } from '../../kube/client.ts';
import { ANNOTATION_OWNER, POLICY_SELECTOR, TARGET_LABEL_PREFIX } from '../../faults/labels.ts';

/** The owner annotation the runner puts on the policies it creates inside a Job. */
export const jobOwner = (namespace: string, job: string): string => `job/${namespace}/${job}`;

/** Names of partition policies in the namespace still owned by the Job. */
export async function remainingJobPolicies(kube: Kube, namespace: string, job: string): Promise<string[]> {
  const list = await kube.net.listNamespacedNetworkPolicy({ namespace, labelSelector: POLICY_SELECTOR });
  const owner = jobOwner(namespace, job);
  return list.items.filter((p) => p.metadata?.annotations?.[ANNOTATION_OWNER] === owner).map((p) => p.metadata!.name!);
}

/** Result of an interrupted run: were the faults cleaned up in time? */
export interface InterruptOutcome {
  jobDeleted: boolean;
  remainingPolicies: string[];
}

/** Deletes the Job in the foreground and waits (up to the grace period plus margin) until its policies are gone. */
export async function cancelJob(
  kube: Kube,
  options: { namespace: string; job: string; say: (line: string) => void; timeoutMs?: number; pollMs?: number },
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
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let remaining: string[] = [];
  for (;;) {
    try {
      remaining = await remainingJobPolicies(kube, namespace, job);
      if (remaining.length === 0) {
        say('no partition of this Job remains');
        return { jobDeleted, remainingPolicies: [] };
      }
    } catch (error) {
      say(`cannot list NetworkPolicies: ${kubeErrorMessage(error)}`);
    }
    if (Date.now() > deadline) {
      say(
        `still present after the wait: ${remaining.join(', ')} — run \`fault-inject sweep -n ${namespace}\` or ` +
          `kubectl delete networkpolicy -n ${namespace} ${remaining.join(' ')} (and remove pod labels ${TARGET_LABEL_PREFIX}<id>)`,
      );
      return { jobDeleted, remainingPolicies: remaining };
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
  }
}
