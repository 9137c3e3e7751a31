// Expiry Jobs shared by the faults of one burst. Faults that one engine injects together — same namespace, same runner
// Job, ending within the same second — are owned by one expiry Job instead of one each: per fault, a Job create, the
// Job controller's syncs and a Job delete are most of what a burst costs the cluster beyond the policies themselves.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { V1OwnerReference } from '@kubernetes/client-node';
import type { Kube } from '../../kube/client.ts';
import type { Logger } from '../../log/logger.ts';
import { newFaultId } from '../identity.ts';
import { armExpiry, deleteExpiryJob, type ExpiringFault } from './index.ts';
import { expiryJobName, type RunnerJobRef } from './job.ts';

const scopeOf = (namespace: string, runnerJob: RunnerJobRef | undefined): string => `${namespace}\0${runnerJob?.uid ?? ''}`;

/** The expiry Job a fault got: the ownerReference its policy carries and the Job's name (for Events and logs). */
export interface ArmedExpiry {
  owner: V1OwnerReference;
  jobName: string;
}

interface Group {
  key: string;
  namespace: string;
  members: Set<string>;
  jobName: string;
  job: Promise<V1OwnerReference>;
}

/**
 * One engine's expiry Jobs. A burst's faults — those that reach `arm` in the same event-loop turn, or while other
 * injects into the same namespace are still planning — share one Job. A shared Job is
 * named by a fresh id that no fault has, so that no other process ever deletes it while it owns a live fault (a recover
 * by id deletes `netpart-expiry-<fault id>`): this engine deletes it when it has recovered all of its faults, and its
 * TTL removes it otherwise. A fault alone in its turn gets its own Job, named by its id, exactly as before sharing.
 * Crash safety is unchanged: the Job exists, with its uid known, before any policy it owns is created.
 */
export class ExpiryGroups {
  readonly #kube: Kube;
  readonly #now: () => Date;
  readonly #log: Logger | undefined;
  /** Groups that still take members: collecting (not sent yet), or shared and not emptied. */
  readonly #open = new Map<string, Group>();
  readonly #byFault = new Map<string, Group>();
  /** Injects that have started but not reached `arm` yet, per namespace and runner Job. */
  readonly #inFlight = new Map<string, number>();

  constructor(kube: Kube, options: { now: () => Date; logger?: Logger | undefined }) {
    this.#kube = kube;
    this.#now = options.now;
    this.#log = options.logger;
  }

  /**
   * An inject into `namespace` has started; the returned function (idempotent) says it reached `arm` or ended. While
   * others are in flight, the first to arm creates a shared Job they can join when they get there.
   */
  begin(namespace: string, runnerJob: RunnerJobRef | undefined): () => void {
    const scope = scopeOf(namespace, runnerJob);
    this.#inFlight.set(scope, (this.#inFlight.get(scope) ?? 0) + 1);
    let settled = false;
    return () => {
      if (settled) return;
      settled = true;
      const left = (this.#inFlight.get(scope) ?? 1) - 1;
      if (left > 0) this.#inFlight.set(scope, left);
      else this.#inFlight.delete(scope);
    };
  }

  /** Arms a fault's expiry: joins its burst's shared Job or creates the Job; rejects as armExpiry does (RBAC, quota). */
  async arm(fault: ExpiringFault, runnerJob: RunnerJobRef | undefined, settle?: () => void): Promise<ArmedExpiry> {
    settle?.();
    const expirySecond = Math.ceil(Date.parse(fault.expiresAt) / 1000);
    const key = `${scopeOf(fault.namespace, runnerJob)}\0${String(expirySecond)}`;
    const group = this.#open.get(key) ?? this.#create(key, fault, runnerJob, expirySecond);
    group.members.add(fault.id);
    this.#byFault.set(fault.id, group);
    try {
      return { owner: await group.job, jobName: group.jobName };
    } catch (error) {
      this.#leave(fault.id, group);
      throw error;
    }
  }

  /** Whether this engine armed the fault (and has not released it). */
  has(faultId: string): boolean {
    return this.#byFault.has(faultId);
  }

  /** The fault no longer needs its Job (recovered, rolled back): deletes the Job when no other fault of ours is left in it. */
  async release(faultId: string): Promise<void> {
    const group = this.#byFault.get(faultId);
    if (!group || !this.#leave(faultId, group)) return;
    // A Job that was never created has nothing to delete; a refusal was already reported to the injects.
    const created = await group.job.then(
      () => true,
      () => false,
    );
    if (created) await deleteExpiryJob(this.#kube, group.namespace, group.jobName, faultId, this.#log);
  }

  /** Removes a member; true when the group is empty now (and closed to new members). */
  #leave(faultId: string, group: Group): boolean {
    this.#byFault.delete(faultId);
    group.members.delete(faultId);
    if (group.members.size > 0) return false;
    if (this.#open.get(group.key) === group) this.#open.delete(group.key);
    return true;
  }

  #create(key: string, first: ExpiringFault, runnerJob: RunnerJobRef | undefined, expirySecond: number): Group {
    const state = { key, namespace: first.namespace, members: new Set<string>(), jobName: '' };
    const job = (async () => {
      // The rest of the burst arrives within this turn (its reads came from the same caches); one turn costs < 1 ms.
      await nextTurn();
      // Shared when the burst is here already, or when more of it is still planning (reads from the API server).
      const shared = state.members.size > 1 || (this.#inFlight.get(scopeOf(first.namespace, runnerJob)) ?? 0) > 0;
      if (!shared && this.#open.get(key) === state) this.#open.delete(key);
      const id = shared ? newFaultId(this.#now()) : first.id;
      state.jobName = expiryJobName(id);
      // Every member ends within this second: the Job's TTL, counted to its end, never removes a policy early.
      const expiresAt = shared ? new Date(expirySecond * 1000).toISOString() : first.expiresAt;
      const of = shared ? 'the NetworkPolicies of faults injected together (their ownerReferences name this Job)' : undefined;
      const owner = await armExpiry(this.#kube, { id, namespace: first.namespace, expiresAt }, runnerJob, {
        enabled: true,
        now: this.#now(),
        ...(of ? { of } : {}),
      });
      if (!owner) throw new Error('armExpiry returned no owner although enabled');
      return owner;
    })();
    const group: Group = Object.assign(state, { job });
    this.#open.set(key, group);
    // A failed create reaches every member through arm(); this copy only keeps it from being reported as unhandled.
    job.catch(() => undefined);
    return group;
  }
}
