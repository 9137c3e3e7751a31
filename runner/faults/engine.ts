// The fault engine: inject, recover, list, get and sweep partitions, with the cluster as the only state store.
import { EVENTS } from '../contract/events.ts';
import type { V1NetworkPolicy, V1Pod } from '@kubernetes/client-node';
import { isNotFound, statusCode, type Kube } from '../kube/client.ts';
import type { Logger } from '../log/logger.ts';
import { RefusedError } from '../util/errors.ts';
import { compilePartitionPolicy, policyToWire } from './compile.ts';
import { policiesPath, policyPath, rawJson } from '../kube/raw.ts';
import { FaultHolder } from './hold.ts';
import { ESTABLISHED_CONNECTIONS_WARNING, preflight } from './preflight.ts';
import { faultFromPolicy, faultPolicy } from './record.ts';
import { checkFaultId, wrapKube } from './guards.ts';
import { podIps, podRef, resolveBlockedPods, resolveTargets } from './resolve.ts';
import { listPartitionPolicies } from './scope.ts';
import { parsePartitionSpec, type PartitionSpec, type PartitionSpecInput } from './spec.ts';
import { sweepFaults } from './sweep.ts';
import { faultIdsOnPod, unlabelTargets } from './targets.ts';
import { labelPodUids, podsImpersonating, podsWithoutUidLabel } from './pod-uid-label.ts';
import { ClusterView } from './view.ts';
import type { Fault, FaultEngine, FaultPlan, InjectOptions } from './types.ts';
import { jobOwner, LABEL_FAULT_ID, policyName } from './labels.ts';
import { localOwner, newFaultId } from './identity.ts';
import { checkEstablishedAllowed, cutEstablished, establishedSettingsFromEnv, type EstablishedSettings } from './established/index.ts';
import { armExpiry, disarmExpiry, expiryJobEnabled } from './expiry/index.ts';
import { ExpiryGroups } from './expiry/groups.ts';
import { EventWrites } from './events/background.ts';
import { faultSubjects, readFaultTrace, recordEnded, recordInjected, type EventSubjects } from './events/index.ts';

export { localOwner, newFaultId, processOwner } from './identity.ts';
export type { FaultEngine } from './types.ts';

/** Settings of an engine instance. */
export interface EngineOptions {
  logger?: Logger;
  now?: () => Date;
  /** Namespaces to list/sweep when the caller may not list cluster-wide (defaults to cluster-wide, then kube.namespace). */
  namespaces?: string[];
  /** Where and how drop/reset helpers run (defaults: establishedSettingsFromEnv). */
  established?: Partial<EstablishedSettings>;
  /** Give every fault an expiry Job that ends it with no process of ours alive (default: on unless NETPART_EXPIRY_JOB=off). */
  expiryJob?: boolean;
  /**
   * Read pods and NetworkPolicies of the namespaces injected into from watch caches (list once, then follow the watch)
   * instead of a request per inject. For long-lived processes (API service, runner); `release()` ends the watches.
   */
  watchCache?: boolean;
  /**
   * How long (ms) an expiry Job stays open to later injects of the same namespace, runner Job and expiry second (see
   * expiry/groups.ts). Default: 1000 with `watchCache` (a long-lived process that recovers its own faults), else 0.
   */
  expiryJobReuseMs?: number;
  /**
   * With reuse: how long (ms) an emptied expiry Job is kept for a later expiry second to re-arm (one TTL patch) instead
   * of creating a Job (see expiry/groups.ts). Default: 30 000 with reuse; 0 deletes emptied Jobs when their window ends.
   */
  expiryJobSpareMs?: number;
  /**
   * Write Events after inject and recover return, in a queue that waits while partition writes are in flight
   * (events/background.ts), instead of before they return; `flush()` and `release()` wait for them. Default: on with `watchCache` (a long-lived process), off otherwise.
   */
  backgroundEvents?: boolean;
  /**
   * How long (ms) a background Event may wait for the engine's partition writes to pause (default EVENT_MAX_DELAY_MS).
   * 0: written at once, beside the writes that follow (the bench's diagnostic of what giving way saves).
   */
  eventMaxDelayMs?: number;
}

/** The reuse window of expiry Jobs in a long-lived engine: one Job per second of a steady stream of faults. */
export const EXPIRY_JOB_REUSE_MS = 1000;
/** How long a long-lived engine keeps an emptied expiry Job to re-arm: a stream with pauses up to this long creates none. */
export const EXPIRY_JOB_SPARE_MS = 30_000;

// A label patch refused because the pod is gone (404) or is another pod of the same name now (uid check: 409/422).
const isStaleTarget = (error: unknown): boolean => [404, 409, 422].includes(statusCode(error) ?? 0);

/** Creates the engine over one Kubernetes connection. */
export function createFaultEngine(kube: Kube, options: EngineOptions = {}): FaultEngine {
  const now = options.now ?? (() => new Date());
  const log = options.logger;
  const established: EstablishedSettings = { ...establishedSettingsFromEnv(), ...options.established };
  const expiryJob = options.expiryJob ?? expiryJobEnabled();
  // The faults of one burst share an expiry Job (see expiry/groups.ts); a fault alone gets its own, as always.
  const reuseMs = options.expiryJobReuseMs ?? (options.watchCache ? EXPIRY_JOB_REUSE_MS : 0);
  const spareMs = options.expiryJobSpareMs ?? EXPIRY_JOB_SPARE_MS;
  const expiryGroups = expiryJob ? new ExpiryGroups(kube, { now, logger: log, reuseMs, spareMs }) : undefined;
  const events = new EventWrites(options.backgroundEvents ?? options.watchCache ?? false, {
    ...(options.eventMaxDelayMs === undefined ? {} : { maxDelayMs: options.eventMaxDelayMs }),
  });
  /** Ends this engine's hold on a fault's expiry Job: deletes it when no other fault of ours shares it. */
  const disarm = (namespace: string, faultId: string): Promise<unknown> =>
    expiryGroups?.has(faultId) ? expiryGroups.release(faultId) : expiryJob ? disarmExpiry(kube, namespace, faultId, log) : Promise.resolve();

  // The faults this engine injected and has not recovered: recover knows where their policy is without a search.
  const injected = new Map<string, { namespace: string; subjects: EventSubjects; fault: Fault }>();
  const read = <T>(what: string, call: Promise<T>): Promise<T> => call.catch((error: unknown) => wrapKube(what, error));

  // Long-lived processes read pods and policies from watch caches; one-shot ones read the API server.
  const view = options.watchCache ? new ClusterView(kube, log) : undefined;
  // The served namespaces are known up front: their caches fill while the caller does its other start-up work.
  for (const namespace of view ? (options.namespaces ?? []) : []) void view?.warm(namespace, 0);

  /** Targets, blocked pods, the compiled policy and preflight's verdict; `fresh` skips the engine's watch cache. */
  async function plan(
    spec: PartitionSpec,
    fresh = false,
  ): Promise<FaultPlan & { faultId: string; targets: V1Pod[]; blocked: V1Pod[]; cached: readonly V1Pod[] | undefined }> {
    const faultId = newFaultId(now());
    const cachedPods = fresh ? undefined : view?.podsIn(spec.namespace);
    const cachedPolicies = fresh ? undefined : view?.policiesIn(spec.namespace);
    const podsOf = fresh || !view ? undefined : (namespace: string) => view.podsIn(namespace);
    const [{ targets }, blocked] = await Promise.all([
      read(`resolving target pods in ${spec.namespace}`, resolveTargets(kube, spec, cachedPods)),
      read('listing the pods to block', resolveBlockedPods(kube, spec, { resourceVersion: '0', ...(podsOf ? { cached: podsOf } : {}) })),
    ]);
    const targetUids = targets.map((p) => p.metadata?.uid ?? '');
    const policy = compilePartitionPolicy({ spec, faultId, targetUids, blockedPodIps: podIps(blocked) });
    const check = (cached: readonly V1NetworkPolicy[] | undefined, notOlderThan?: string) =>
      read(
        `reading existing NetworkPolicies in ${spec.namespace}`,
        preflight(kube, { spec, targets, blocked, ...(cached ? { cached } : {}), ...(notOlderThan ? { notOlderThan } : {}) }),
      );
    // A cache (ours or the apiserver's) answers at once; only a refusal is worth a consistent read to confirm it.
    const warnings = await check(cachedPolicies).catch((error: unknown) => (error instanceof RefusedError ? check(undefined) : Promise.reject(error)));
    const targetPods = targets.map((p) => ({ ...podRef(p), uid: p.metadata?.uid }));
    return { faultId, targets, blocked, policy, targetPods, blockedPods: blocked.map(podRef), warnings, cached: cachedPods };
  }

  async function inject(input: PartitionSpecInput, opts: InjectOptions = {}, fresh = false): Promise<Fault> {
    const spec = parsePartitionSpec(input);
    // The fault's clock starts now, so its expiry is known while it plans.
    const injectedAt = now();
    const expiresAt = new Date(injectedAt.getTime() + (spec.duration ?? spec.maxLifetime) * 1000);
    // Announced before planning: an inject that reaches its expiry Job while others are still planning shares it, and
    // a spare Job is re-armed for its expiry second meanwhile.
    const settle = expiryGroups?.begin(spec.namespace, opts.ownerJob, spec.dryRun ? undefined : expiresAt);
    const ended = events.busy();
    try {
      return await injectSpec(spec, input, opts, fresh, { injectedAt, expiresAt, ...(settle ? { settle } : {}) });
    } finally {
      settle?.();
      ended();
    }
  }

  async function injectSpec(
    spec: PartitionSpec,
    input: PartitionSpecInput,
    opts: InjectOptions,
    fresh: boolean,
    { injectedAt, expiresAt, settle }: { injectedAt: Date; expiresAt: Date; settle?: () => void },
  ): Promise<Fault> {
    const planned = await plan(spec, fresh);
    const fault: Fault = {
      id: planned.faultId,
      policyName: planned.policy.metadata?.name ?? '',
      namespace: spec.namespace,
      targetPods: planned.targetPods,
      blockedPods: planned.blockedPods,
      injectedAt: injectedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      spec,
      // The runner Job that owns the fault is its owner (the sweep reads it to tell a dead runner's faults).
      owner: opts.owner ?? (opts.ownerJob ? jobOwner(opts.ownerJob.namespace, opts.ownerJob.name) : localOwner()),
      status: 'active',
      ...(opts.meta ? { meta: opts.meta } : {}),
    };
    const warnings = [...planned.warnings, ...(spec.established === 'keep' ? [ESTABLISHED_CONNECTIONS_WARNING] : [])];
    const cutInput =
      spec.established === 'keep' ? undefined : { mode: spec.established, faultId: fault.id, spec, targets: planned.targets, blocked: planned.blockedPods };
    // The helpers' rights (RBAC, Pod Security) are asked before anything exists, so a refusal leaves nothing behind.
    if (cutInput) await checkEstablishedAllowed(kube, cutInput, established);
    for (const warning of warnings) log?.warn({ faultId: fault.id, note: warning }, EVENTS.faultWarning);
    if (spec.dryRun) return fault;
    // Expiry Job first, so the policy is born owned by it: no crash point leaves a policy Kubernetes won't remove at expiry.
    // Beside it, the pods that wear a target's uid label without being that pod (see pod-uid-label.ts).
    const [armed, impostors] = await Promise.all([
      expiryGroups
        ? expiryGroups.arm(fault, opts.ownerJob, settle)
        : armExpiry(kube, fault, opts.ownerJob, { enabled: false, now: now() }).then((owner) => ({ owner, jobName: undefined })),
      read(`checking the uid labels in ${spec.namespace}`, podsImpersonating(kube, spec.namespace, planned.targets, planned.cached)),
    ]);
    const policy = faultPolicy(planned.policy, fault, { owner: armed.owner, runnerJob: opts.ownerJob });
    const subjects = faultSubjects(spec.namespace, fault.targetPods, opts.ownerJob);
    injected.set(fault.id, { namespace: spec.namespace, subjects, fault });
    // The policy selects pods by their uid label: a target that already wears it (any earlier fault on it) costs no pod
    // write, and a label without a policy selects nothing, so no crash point between the two leaves a partition.
    // The label patch names each pod's uid: a pod replaced under the same name since it was read is refused.
    const [created, labelled] = await Promise.allSettled([
      // A copy of a target's label elsewhere is set to its own pod's uid before any policy could select it.
      // Raw: the created policy that comes back is not read, so client-node's typed (de)serialization is skipped.
      labelPodUids(kube, spec.namespace, impostors).then(() =>
        rawJson(kube.config, { method: 'POST', path: policiesPath(spec.namespace), body: policyToWire(policy) }),
      ),
      labelPodUids(kube, spec.namespace, podsWithoutUidLabel(planned.targets)),
    ]);
    if (created.status === 'rejected' || labelled.status === 'rejected') {
      const error: unknown = created.status === 'rejected' ? created.reason : (labelled as PromiseRejectedResult).reason;
      await rollback(fault, error, false);
      // Targets read from our watch cache that changed since (deleted, replaced): resolve once more from the API server.
      if (created.status === 'fulfilled' && planned.cached && !fresh && isStaleTarget(error)) return inject(input, opts, true);
      wrapKube(
        created.status === 'rejected' ? `creating NetworkPolicy ${fault.policyName} in ${spec.namespace}` : `labelling target pods of fault ${fault.id}`,
        error,
      );
    }
    // FaultInjected says the partition is in place, so it follows the writes (and stays off their way: on a busy API
    // server an Event sent beside them slows them down).
    await events.record(() => recordInjected(kube, fault, subjects, warnings, { expiryJob: armed.jobName, now: injectedAt, log }));
    log?.info(
      { faultId: fault.id, policyName: fault.policyName, targetPods: fault.targetPods, blockedPods: fault.blockedPods, expiresAt: fault.expiresAt },
      EVENTS.faultInjected,
    );
    if (cutInput) {
      try {
        fault.established = await cutEstablished(kube, cutInput, established);
      } catch (error) {
        // A partition that was asked to cut open flows and could not is a different fault: take it back.
        await rollback(fault, error);
        throw error;
      }
      logCut(fault.id, fault.established);
    }
    return fault;
  }

  function logCut(faultId: string, cut: NonNullable<Fault['established']>): void {
    log?.info({ faultId, established: cut }, EVENTS.faultEstablishedCut);
    for (const warning of cut.warnings ?? []) log?.warn({ faultId, note: warning }, EVENTS.faultWarning);
    if (cut.cut === 0)
      log?.warn({ faultId, note: `established=${cut.mode}: no open connection between the target pods and the blocked pods was found` }, EVENTS.faultWarning);
    if (!cut.settled) {
      log?.warn(
        {
          faultId,
          helpers: cut.helpers,
          note: `established=${cut.mode}: flows were still re-opening at the end of the settle window; the enforcer may not have applied the policy yet (raise NETPART_CUT_SETTLE_MS)`,
        },
        EVENTS.faultWarning,
      );
    }
  }

  async function cutActive(fault: Fault, mode: 'drop' | 'reset') {
    const targets = await Promise.all(
      fault.targetPods.map((p) => read(`reading target pod ${p.name}`, kube.core.readNamespacedPod({ name: p.name, namespace: p.namespace }))),
    );
    const input = { mode, faultId: fault.id, spec: { ...fault.spec, established: mode }, targets, blocked: fault.blockedPods };
    await checkEstablishedAllowed(kube, input, established);
    const cut = await cutEstablished(kube, input, established);
    logCut(fault.id, cut);
    return cut;
  }

  /** Deletes a policy by name; false when it was already gone. */
  async function deletePolicy(namespace: string, name: string): Promise<boolean> {
    try {
      await rawJson(kube.config, { method: 'DELETE', path: policyPath(namespace, name) });
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      return wrapKube(`deleting NetworkPolicy ${name}`, error);
    }
  }

  /** Takes back a fault whose inject failed; `announced`: its FaultInjected Events were written, so an end is too. */
  async function rollback(fault: Fault, cause: unknown, announced = true): Promise<void> {
    const subjects = injected.get(fault.id)?.subjects;
    injected.delete(fault.id);
    // The uid labels stay: they select nothing without the policy, and a later fault on those pods needs them again.
    await Promise.all([deletePolicy(fault.namespace, fault.policyName).catch(() => undefined), disarm(fault.namespace, fault.id)]);
    if (!announced) return;
    const endedAt = now();
    await events.record(() =>
      recordEnded(
        kube,
        {
          faultId: fault.id,
          namespace: fault.namespace,
          reason: 'FaultRecovered',
          note: `rolled back, the inject failed: ${cause instanceof Error ? cause.message : String(cause)}`,
          subjects,
        },
        { now: endedAt, log },
      ),
    );
  }

  /**
   * The fault's policy: a GET by its deterministic name when the namespace is known — given, injected here, or found in
   * the watch caches — so a fault known only by its id costs no search; a list of every served namespace otherwise.
   */
  async function findPolicy(faultId: string, namespace?: string): Promise<V1NetworkPolicy | undefined> {
    checkFaultId(faultId);
    const where = namespace ?? injected.get(faultId)?.namespace ?? view?.namespaceOf(faultId, options.namespaces);
    if (where) {
      try {
        const policy = await kube.net.readNamespacedNetworkPolicy({ name: policyName(faultId), namespace: where });
        return policy.metadata?.labels?.[LABEL_FAULT_ID] === faultId ? policy : undefined;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    }
    const all = await listPartitionPolicies(kube, options.namespaces);
    return all.find((p) => p.metadata?.labels?.[LABEL_FAULT_ID] === faultId);
  }

  /** Recovers a fault; `reason` FaultExpired when its expiry timer fired. Its Events wait for the partition writes. */
  async function recoverAs(faultId: string, namespace: string | undefined, reason: 'FaultRecovered' | 'FaultExpired') {
    const ended = events.busy();
    try {
      return await recoverFault(faultId, namespace, reason);
    } finally {
      ended();
    }
  }

  async function recoverFault(faultId: string, namespace: string | undefined, reason: 'FaultRecovered' | 'FaultExpired') {
    holder.drop(faultId);
    const known = injected.get(faultId);
    // A fault this engine injected: its namespace is known, so recovery is the policy delete (the pods' uid labels stay:
    // they are not fault state) and the expiry Job's.
    if (known && (namespace === undefined || namespace === known.namespace)) {
      const [recovered] = await Promise.all([deletePolicy(known.namespace, policyName(faultId)), disarm(known.namespace, faultId)]);
      // The end is written once it happened, as the FaultInjected Events were.
      const endedAt = now();
      await events.record(() => recordEnded(kube, { faultId, namespace: known.namespace, reason, subjects: known.subjects }, { now: endedAt, log }));
      injected.delete(faultId);
      return done(faultId, recovered);
    }
    checkFaultId(faultId);
    const policy = namespace ? undefined : await findPolicy(faultId);
    const ns = policy?.metadata?.namespace ?? namespace;
    const recovered = ns ? await deletePolicy(ns, policy?.metadata?.name ?? policyName(faultId)) : false;
    // A fault of an older release labelled its pods with its id: after the policy, so traffic is restored first (a
    // stray label is harmless and swept). With no policy and no namespace given, it may sit wherever this engine looks.
    for (const where of ns ? [ns] : (options.namespaces ?? [kube.namespace])) await removeFaultLabels(where, faultId);
    if (ns) await disarmExpiry(kube, ns, faultId, log);
    // Another process injected it: its pods for the Event come from its FaultInjected Events.
    const endedAt = now();
    if (ns && (recovered || reason === 'FaultExpired')) await events.record(() => recordEnded(kube, { faultId, namespace: ns, reason }, { now: endedAt, log }));
    return done(faultId, recovered);
  }

  /** Removes an older release's per-fault label; a watch cache that shows no pod wearing it spares the pod list. */
  async function removeFaultLabels(namespace: string, faultId: string): Promise<void> {
    const cached = view?.podsIn(namespace);
    if (cached && !cached.some((pod) => faultIdsOnPod(pod).includes(faultId))) return;
    await unlabelTargets(kube, namespace, faultId);
  }

  const recover = (faultId: string, namespace?: string) => recoverAs(faultId, namespace, 'FaultRecovered');

  function done(faultId: string, recovered: boolean) {
    const recoveredAt = now().toISOString();
    if (recovered) log?.info({ faultId, recoveredAt }, EVENTS.faultRecovered);
    return { faultId, recovered, recoveredAt };
  }

  async function get(faultId: string, namespace?: string): Promise<Fault | undefined> {
    const policy = await findPolicy(faultId, namespace);
    return policy ? faultFromPolicy(policy) : undefined;
  }

  async function list(namespace?: string): Promise<Fault[]> {
    const policies = await listPartitionPolicies(kube, namespace ? [namespace] : options.namespaces);
    return policies
      .map(faultFromPolicy)
      .filter((f): f is Fault => f !== undefined)
      .sort((a, b) => a.injectedAt.localeCompare(b.injectedAt));
  }

  const holder = new FaultHolder(kube, (id, ns) => recoverAs(id, ns, 'FaultExpired'), { logger: log, now });

  return {
    hold: (fault) => holder.hold(fault),
    warm: async (namespace, timeoutMs = 5_000) => (view ? view.warm(namespace, timeoutMs) : false),
    drop: (faultId) => holder.drop(faultId),
    release: async () => {
      holder.release();
      view?.stop();
      await Promise.all([expiryGroups?.close(), events.flush()]);
    },
    flush: () => events.flush(),
    plan: async (input) => {
      const spec = parsePartitionSpec(input);
      const { faultId, policy, targets, targetPods, blockedPods, warnings } = await plan(spec);
      if (spec.established !== 'keep') {
        // explain shows a refusal of the helpers as a warning (inject would refuse before creating anything).
        const cut = { mode: spec.established, faultId, spec, targets, blocked: blockedPods };
        await checkEstablishedAllowed(kube, cut, established).catch((error: unknown) => {
          if (!(error instanceof RefusedError)) throw error;
          warnings.push(error.message);
        });
      }
      return { policy, targetPods, blockedPods, warnings };
    },
    inject,
    recover,
    get,
    known: (faultId) => injected.get(faultId)?.fault,
    trace: (faultId, namespace) => (checkFaultId(faultId), readFaultTrace(kube, faultId, namespace ? [namespace] : options.namespaces)),
    cutEstablished: cutActive,
    list,
    sweep: (sweepOptions = {}) =>
      sweepFaults(kube, {
        ...sweepOptions,
        now,
        logger: log,
        namespaces: sweepOptions.namespaces ?? options.namespaces,
        helperNamespace: established.helperNamespace,
      }),
  };
}
