// The sweeper: removes expired faults, faults whose owner Job is gone, target-less policies and the stray per-fault
// labels of earlier releases.
import { EVENTS } from '../contract/events.ts';
import type { V1NetworkPolicy, V1Pod } from '@kubernetes/client-node';
import { isNotFound, statusCode, type Kube } from '../kube/client.ts';
import type { Logger } from '../log/logger.ts';
import { ANNOTATION_INJECTED_AT, ANNOTATION_OWNER, ANNOTATION_OWNER_UID, LABEL_FAULT_ID, parseJobOwner } from './labels.ts';
import { policyExpiry } from './record.ts';
import { matchesLabelSelector } from './selector.ts';
import { listPartitionPolicies } from './scope.ts';
import { faultIdsOnPod, targetMark, unlabelTargets, type TargetMark } from './targets.ts';
import { sweepHelperPods } from './established/sweep-helpers.ts';
import { recordEnded, subjectsOfPolicy } from './events/index.ts';
import { recordSilentEnds } from './events/silent-ends.ts';
import { disarmExpiry, isExpiryJobName } from './expiry/index.ts';
import type { SweepReport } from './types.ts';

/** How long a fresh policy may select no pod before it counts as abandoned (covers an injection in flight). */
export const TARGETLESS_GRACE_MS = 60_000;

/**
 * How long a per-fault target label without its policy counts as an inject in flight while its owner lives: engines of
 * the release before the uid label put it on while the policy was being created (one may still run during an upgrade).
 */
export const LABEL_IN_FLIGHT_GRACE_MS = 60_000;

/** Options of one sweep. */
export interface SweepOptions {
  namespaces?: string[];
  /** Remove every partition policy found, live or not (the API's cleanup). */
  all?: boolean;
  now?: () => Date;
  logger?: Logger | undefined;
  /** The partition policies of `namespaces`, already requested (the runner sends that list before loading the rest). */
  policies?: Promise<V1NetworkPolicy[]> | undefined;
  /** Namespace of the `drop` helper pods; finished or overdue ones are removed (skipped when we may not list it). */
  helperNamespace?: string;
}

type Reason = SweepReport['deletedPolicies'][number]['reason'];

// What the FaultSwept Event says about each sweep reason.
const SWEPT_NOTES: Record<Reason, string> = {
  expired: 'its expiry had passed',
  orphaned: 'its runner Job is gone or finished, or it selected no pod for over a minute',
  requested: 'cleanup requested',
};

/** Whether the Job that owns a policy is gone or finished: either way no runner holds the fault any more. */
async function ownerGone(kube: Kube, policy: V1NetworkPolicy): Promise<boolean> {
  // The owner is the expiry Job, chained to the runner Job; older policies are owned by the runner Job directly.
  const ref = policy.metadata?.ownerReferences?.find((r) => r.kind === 'Job' && !isExpiryJobName(r.name));
  const owner = parseJobOwner(policy.metadata?.annotations?.[ANNOTATION_OWNER] ?? '');
  const name = ref?.name ?? owner?.name;
  if (!name) return false;
  return runnerJobGone(kube, {
    name,
    namespace: owner?.namespace ?? policy.metadata?.namespace ?? '',
    uid: ref?.uid ?? policy.metadata?.annotations?.[ANNOTATION_OWNER_UID],
  });
}

/** Whether a runner Job is gone (or replaced: another uid) or finished; false when we may not tell (403). */
async function runnerJobGone(kube: Kube, job: { name: string; namespace: string; uid?: string | undefined }): Promise<boolean> {
  try {
    const found = await kube.batch.readNamespacedJob({ name: job.name, namespace: job.namespace });
    if (job.uid !== undefined && found.metadata?.uid !== job.uid) return true;
    const finished = found.status?.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    return Boolean(finished);
  } catch (error) {
    if (isNotFound(error)) return true;
    if (statusCode(error) === 403) return false; // cannot tell: leave it to expiry
    throw error;
  }
}

/** Whether a label without its policy may be an inject in flight: its mark is young, unexpired, its owner (if a Job) alive. */
async function mayBeInFlight(kube: Kube, pods: V1Pod[], faultId: string, now: Date): Promise<boolean> {
  // One inject marks all its pods alike (one labelTargets call): the first readable mark speaks for the fault.
  let mark: TargetMark | undefined;
  for (const pod of pods) {
    mark = targetMark(pod, faultId);
    if (mark) break;
  }
  if (!mark || now.getTime() - (Date.parse(mark.injectedAt) || 0) > LABEL_IN_FLIGHT_GRACE_MS) return false;
  if (now.getTime() >= (Date.parse(mark.expiresAt) || 0)) return false;
  const job = parseJobOwner(mark.owner);
  return !job || !(await runnerJobGone(kube, { ...job, uid: mark.ownerUid }));
}

/** Decides why a policy should go, or undefined to keep it; `podsOf` lists a namespace's pods (once per sweep). */
async function sweepReason(
  kube: Kube,
  policy: V1NetworkPolicy,
  now: Date,
  all: boolean,
  podsOf: (namespace: string) => Promise<V1Pod[]>,
): Promise<Reason | undefined> {
  if (all) return 'requested';
  if (policyExpiry(policy) <= now) return 'expired';
  if (await ownerGone(kube, policy)) return 'orphaned';
  const injected = Date.parse(policy.metadata?.annotations?.[ANNOTATION_INJECTED_AT] ?? '') || 0;
  if (now.getTime() - injected > TARGETLESS_GRACE_MS) {
    const pods = await podsOf(policy.metadata?.namespace ?? '');
    // Every target gone (deleted, replaced: a new pod has another uid) or, from an earlier release, unlabelled.
    const selector = policy.spec?.podSelector ?? {};
    if (!pods.some((pod) => matchesLabelSelector(selector, pod.metadata?.labels ?? {}))) return 'orphaned';
  }
  return undefined;
}

/** Runs one sweep over every namespace the caller may see. Safe to run concurrently with live runners. */
export async function sweepFaults(kube: Kube, options: SweepOptions = {}): Promise<SweepReport> {
  const now = (options.now ?? (() => new Date()))();
  const policies = await (options.policies ?? listPartitionPolicies(kube, options.namespaces));
  const report: SweepReport = { deletedPolicies: [], removedLabels: [], removedHelpers: [], recordedEnds: [], namespaces: [] };
  const namespaces = new Set<string>(options.namespaces ?? [kube.namespace]);
  const live = new Set<string>();
  // One pod list per namespace serves both the target-less check and the stray-label pass below.
  const podLists = new Map<string, Promise<V1Pod[]>>();
  const podsOf = (namespace: string): Promise<V1Pod[]> => {
    let list = podLists.get(namespace);
    if (!list) {
      list = kube.core.listNamespacedPod({ namespace }).then((l) => l.items);
      podLists.set(namespace, list);
    }
    return list;
  };
  for (const policy of policies) {
    const namespace = policy.metadata?.namespace ?? '';
    const name = policy.metadata?.name ?? '';
    const faultId = policy.metadata?.labels?.[LABEL_FAULT_ID] ?? '';
    namespaces.add(namespace);
    const reason = await sweepReason(kube, policy, now, options.all ?? false, podsOf);
    if (!reason) {
      live.add(`${namespace}/${faultId}`);
      continue;
    }
    try {
      await kube.net.deleteNamespacedNetworkPolicy({ name, namespace });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    report.deletedPolicies.push({ namespace, name, faultId, reason });
    options.logger?.info({ namespace, policyName: name, faultId, reason }, EVENTS.sweepDeleted);
    // Its expiry Job would go at its TTL anyway, and the sweeper may not delete Jobs: a refusal is not worth a log line.
    await Promise.all([
      disarmExpiry(kube, namespace, faultId),
      recordEnded(
        kube,
        { faultId, namespace, reason: 'FaultSwept', note: `removed by a sweep (${SWEPT_NOTES[reason]})`, subjects: subjectsOfPolicy(policy) },
        { now, log: options.logger },
      ),
    ]);
  }
  for (const namespace of namespaces) {
    let pods: V1Pod[];
    try {
      pods = await podsOf(namespace);
    } catch (error) {
      if (statusCode(error) === 403 || isNotFound(error)) continue;
      throw error;
    }
    const stray = new Set<string>();
    for (const pod of pods) {
      for (const id of faultIdsOnPod(pod)) if (!live.has(`${namespace}/${id}`)) stray.add(id);
    }
    const handled = (id: string) => live.has(`${namespace}/${id}`) || report.deletedPolicies.some((d) => d.namespace === namespace && d.faultId === id);
    report.recordedEnds!.push(...(await recordSilentEnds(kube, namespace, handled, now, options.logger)));
    for (const faultId of stray) {
      // Re-check: a policy created since the lists means the label is not stray (another runner is injecting).
      const current = await kube.net.listNamespacedNetworkPolicy({ namespace, labelSelector: `${LABEL_FAULT_ID}=${faultId}` });
      const sweptHere = report.deletedPolicies.some((d) => d.faultId === faultId);
      if (current.items.length > 0 && !sweptHere) continue;
      // A young label whose owner lives may be an inject whose policy is still on its way: the next sweep decides.
      if (!options.all && !sweptHere && (await mayBeInFlight(kube, pods, faultId, now))) continue;
      for (const pod of await unlabelTargets(kube, namespace, faultId)) {
        report.removedLabels.push({ namespace, pod, faultId });
      }
    }
  }
  if (options.helperNamespace) {
    for (const pod of await sweepHelperPods(kube, options.helperNamespace, now, options.namespaces)) {
      report.removedHelpers.push({ namespace: options.helperNamespace, pod });
      options.logger?.info({ namespace: options.helperNamespace, pod }, EVENTS.sweepHelperDeleted);
    }
  }
  report.namespaces = [...namespaces].sort();
  return report;
}
