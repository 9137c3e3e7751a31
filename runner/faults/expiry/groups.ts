// Expiry Jobs shared by the faults of one burst. Faults that one engine injects together — same namespace, same runner
// Job, ending within the same second — are owned by one expiry Job instead of one each: per fault, a Job create, the
// Job controller's syncs and a Job delete are most of what a burst costs the cluster beyond the policies themselves.
// A long-lived engine (API service, runner) also keeps a shared Job open to later injects for a short window, so a
// steady stream of faults pays one Job per window instead of one per fault.
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
  /** Until when later injects may join (epoch ms); 0 once closed. */
  openUntil: number;
  timer?: NodeJS.Timeout;
}

/** How an engine shares expiry Jobs. */
export interface ExpiryGroupOptions {
  now: () => Date;
  logger?: Logger | undefined;
  /**
   * How long (ms) a shared Job keeps taking later injects of the same namespace, runner Job and expiry second, and
   * stays when emptied. 0: only a burst shares (injects of one turn, or while others plan); a fault alone gets its own.
   */
  reuseMs?: number;
}

/**
 * One engine's expiry Jobs. A burst's faults — those that reach `arm` in the same event-loop turn, or while other
 * injects into the same namespace are still planning — share one Job. A shared Job is
 * named by a fresh id that no fault has, so that no other process ever deletes it while it owns a live fault (a recover
 * by id deletes `netpart-expiry-<fault id>`): this engine deletes it when it has recovered all of its faults, and its
 * TTL removes it otherwise. A fault alone in its turn gets its own Job, named by its id, exactly as before sharing —
 * unless `reuseMs` is set: then every Job is a shared one, open to later injects until `reuseMs` after it was made and
 * deleted once that window has passed and its last fault is recovered. Crash safety is unchanged: the Job exists, with
 * its uid known, before any policy it owns is created, and no Job of ours is deleted while a fault may still join it.
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
  readonly #reuseMs: number;

  constructor(kube: Kube, options: ExpiryGroupOptions) {
    this.#kube = kube;
    this.#now = options.now;
    this.#log = options.logger;
    this.#reuseMs = options.reuseMs ?? 0;
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
    const open = this.#open.get(key);
    if (open && open.openUntil !== 0 && Date.now() >= open.openUntil) this.#close(open);
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
    await this.#delete(group, faultId);
  }

  /** Ends every reuse window: deletes the Jobs no live fault of ours needs (engine release); the others stay for them. */
  async close(): Promise<void> {
    const groups = [...this.#open.values()];
    for (const group of groups) this.#close(group, false);
    await Promise.all(groups.filter((g) => g.members.size === 0).map((g) => this.#delete(g)));
  }

  /** Removes a member; true when the group is empty now and closed to new members (its Job may go). */
  #leave(faultId: string, group: Group): boolean {
    this.#byFault.delete(faultId);
    group.members.delete(faultId);
    if (group.members.size > 0 || group.openUntil !== 0) return false;
    if (this.#open.get(group.key) === group) this.#open.delete(group.key);
    return true;
  }

  // The window has passed: no fault joins any more; an empty group's Job goes now (`deleteNow` false: the caller does it).
  #close(group: Group, deleteNow = true): void {
    clearTimeout(group.timer);
    group.openUntil = 0;
    if (this.#open.get(group.key) === group) this.#open.delete(group.key);
    if (deleteNow && group.members.size === 0) void this.#delete(group);
  }

  async #delete(group: Group, faultId?: string): Promise<void> {
    // A Job that was never created has nothing to delete; a refusal was already reported to the injects.
    const created = await group.job.then(
      () => true,
      () => false,
    );
    if (created) await deleteExpiryJob(this.#kube, group.namespace, group.jobName, faultId, this.#log);
  }

  #create(key: string, first: ExpiringFault, runnerJob: RunnerJobRef | undefined, expirySecond: number): Group {
    const reuse = this.#reuseMs > 0;
    const state = { key, namespace: first.namespace, members: new Set<string>(), jobName: '', openUntil: reuse ? Date.now() + this.#reuseMs : 0 };
    const job = (async () => {
      // The rest of the burst arrives within this turn (its reads came from the same caches); one turn costs < 1 ms.
      if (!reuse) await nextTurn();
      // Shared when open to later injects, when the burst is here already, or when more of it is still planning.
      const shared = reuse || state.members.size > 1 || (this.#inFlight.get(scopeOf(first.namespace, runnerJob)) ?? 0) > 0;
      if (!shared && this.#open.get(key) === state) this.#open.delete(key);
      const id = shared ? newFaultId(this.#now()) : first.id;
      state.jobName = expiryJobName(id);
      // Every member ends within this second: the Job's TTL, counted to its end, never removes a policy early.
      const expiresAt = shared ? new Date(expirySecond * 1000).toISOString() : first.expiresAt;
      const of = shared ? 'the NetworkPolicies of the faults that share it (their ownerReferences name this Job)' : undefined;
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
    // A failed create reaches every member through arm(); the next inject tries again rather than joining the failure.
    job.catch(() => this.#close(group, false));
    if (reuse) {
      group.timer = setTimeout(() => this.#close(group), this.#reuseMs);
      group.timer.unref();
    }
    return group;
  }
}
