// `drop`: a one-shot hostNetwork pod on each target's node deletes the conntrack entries of the cut flows there.
import { ERROR_CODES, NetpartError } from '../../util/errors.ts';
import type { V1Pod } from '@kubernetes/client-node';
import { isNotFound, type Kube } from '../../kube/client.ts';
import { podPath, podsPath, rawJson } from '../../kube/raw.ts';
import { parseHelperReport, type HelperReport } from './outcome.ts';
import { dropPod, type CutPlan } from './helper-specs.ts';
import type { EstablishedSettings } from './settings.ts';
import { pollFor, terminatedMessage } from './wait.ts';

/** Raised when a target pod has no node yet (nothing to cut there, but the caller asked for drop). */
export class UnscheduledTargetError extends NetpartError {
  override name = 'UnscheduledTargetError';
  constructor(message: string, options?: ErrorOptions) {
    super(ERROR_CODES.targetUnscheduled, message, options);
  }
}

/** Target pods grouped by node, nodes sorted (so helper names are stable for one fault). */
export function targetsByNode(targets: V1Pod[]): Map<string, V1Pod[]> {
  const byNode = new Map<string, V1Pod[]>();
  for (const pod of targets) {
    const node = pod.spec?.nodeName;
    if (!node) throw new UnscheduledTargetError(`target pod ${pod.metadata?.name} has no spec.nodeName: it is not scheduled, so there are no flows to drop`);
    byNode.set(node, [...(byNode.get(node) ?? []), pod]);
  }
  return new Map([...byNode].sort(([a], [b]) => a.localeCompare(b)));
}

/** The helper pod for each node, with the plan narrowed to the targets on that node. */
export function dropPods(targets: V1Pod[], plan: CutPlan, settings: EstablishedSettings): V1Pod[] {
  return [...targetsByNode(targets)].map(([node, pods], i) =>
    dropPod({ ...plan, targetIps: pods.flatMap((p) => (p.status?.podIP ? [p.status.podIP] : [])) }, node, i, settings),
  );
}

/** Creates one helper pod (or, with dryRun, asks the apiserver whether RBAC and Pod Security would allow it). */
export async function createDropPod(kube: Kube, pod: V1Pod, dryRun = false): Promise<void> {
  await rawJson(kube.config, { method: 'POST', path: `${podsPath(pod.metadata?.namespace ?? '')}${dryRun ? '?dryRun=All' : ''}`, body: pod });
}

/** Deletes a helper pod; gone already is fine. */
export async function deleteDropPod(kube: Kube, namespace: string, name: string): Promise<void> {
  try {
    await rawJson(kube.config, { method: 'DELETE', path: podPath(namespace, name), body: { gracePeriodSeconds: 0 } });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/** Runs the drop on every node holding targets and returns each helper's report; the helper pods are deleted after. */
export async function dropOnNodes(kube: Kube, targets: V1Pod[], plan: CutPlan, settings: EstablishedSettings): Promise<HelperReport[]> {
  const pods = dropPods(targets, plan, settings);
  const created: string[] = [];
  try {
    return await Promise.all(
      pods.map(async (pod) => {
        const name = pod.metadata?.name ?? '';
        await createDropPod(kube, pod);
        created.push(name);
        const finished = await pollFor(
          `conntrack helper pod ${settings.helperNamespace}/${name}`,
          async () => {
            const current = await rawJson<V1Pod>(kube.config, { path: podPath(settings.helperNamespace, name) });
            if (current.status?.phase === 'Failed' && !current.status.containerStatuses?.[0]?.state?.terminated) {
              return { done: { exitCode: -1, message: `{"error":"pod failed: ${current.status.reason ?? ''} ${current.status.message ?? ''}"}` } };
            }
            return terminatedMessage(current.status?.containerStatuses?.[0]?.state);
          },
          settings.timeoutMs + settings.settleMs,
        );
        return parseHelperReport(`${settings.helperNamespace}/${name}`, finished.message);
      }),
    );
  } finally {
    // Finished helpers hold nothing, but they are ours to remove; the sweep catches what a crash leaves.
    await Promise.all(created.map((name) => deleteDropPod(kube, settings.helperNamespace, name).catch(() => undefined)));
  }
}
