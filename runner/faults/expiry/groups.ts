// Expiry Jobs shared by the faults of one burst. Faults that one engine injects together — same namespace, same runner
// Job, ending within the same second — are owned by one expiry Job instead of one each: per fault, a Job create, the
// Job controller's syncs and a Job delete are most of what a burst costs the cluster beyond the policies themselves.
// A long-lived engine (API service, runner) also keeps a shared Job open to later injects for a short window, and keeps
// an emptied Job as a spare that a later expiry second re-arms with one TTL patch: a stream of faults, or of bursts,
// then pays neither a Job create (and the Job controller's work on it) nor a Job delete on its path.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { V1OwnerReference } from '@kubernetes/client-node';
import type { Kube } from '../../kube/client.ts';
import type { Logger } from '../../log/logger.ts';
import { RefusedError } from '../../util/errors.ts';
import { newFaultId } from '../identity.ts';
import { armExpiry, deleteExpiryJob, type ExpiringFault } from './index.ts';
import { earliestFinishOf, expiryJobName, type RunnerJobRef } from './job.ts';
import { rearmExpiryJob, REARM_NOT_ALLOWED } from './rearm.ts';
import { SparePool } from './spares.ts';
import { EVENTS } from '../../contract/events.ts';

const scopeOf = (namespace: string, runnerJob: RunnerJobRef | undefined): string => `${namespace}\0${runnerJob?.uid ?? ''}`;

/** How long (ms) before its TTL fires a spare Job is no longer re-armed: the TTL controller may be deleting it by then. */
export const SPARE_MARGIN_MS = 5000;

/** The expiry Job a fault got: the ownerReference its policy carries and the Job's name (for Events and logs). */
export interface ArmedExpiry {
  owner: V1OwnerReference;
  jobName: string;
}

interface Group {
  key: string;
  scope: string;
  namespace: string;
  members: Set<string>;
  jobName: string;
  /** The Job armed for `second`: created, or re-armed from a spare. */
  job: Promise<V1OwnerReference>;
  /** The expiry second its TTL is set for. */
  second: number;
  /** When the Job finished, or its earliest until known (epoch ms): its TTL counts from there. */
  countsFrom: number;
  /** Whether `job` has succeeded: only an armed Job is kept as a spare. */
  armed: boolean;
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
  /**
   * With `reuseMs`: how long (ms) an emptied Job is kept as a spare that a later expiry second re-arms (a TTL patch)
   * instead of creating a Job. 0: emptied Jobs are deleted when their window has passed.
   */
  spareMs?: number;
}

/**
 * One engine's expiry Jobs. A burst's faults — those that reach `arm` in the same event-loop turn, or while other
 * injects into the same namespace are still planning — share one Job. A shared Job is named by a fresh id that no
 * fault has, so that no other process ever deletes it while it owns a live fault (a recover by id deletes
 * `netpart-expiry-<fault id>`): this engine deletes it when it has recovered all of its faults, and its TTL removes it
 * otherwise. A fault alone in its turn gets its own Job, named by its id, exactly as before sharing — unless `reuseMs`
 * is set: then every Job is a shared one, open to later injects until `reuseMs` after it was made and deleted once that
 * window has passed and its last fault is recovered. With `spareMs` too, an emptied Job is kept that long instead, and
 * an inject whose expiry second has no open Job re-arms a spare for it: one patch of the spare's TTL, sent — like a
 * create — before any policy it will own exists, so a policy's owner always fires at its fault's expiry. A spare whose
 * TTL fires within SPARE_MARGIN_MS is not re-armed (the TTL controller may be deleting it), and a re-arm that fails
 * falls back to a create. Crash safety is unchanged: the Job exists, its uid known and its TTL set for the fault,
 * before any policy it owns is created, and no Job of ours is deleted while a fault may still join it.
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
  /** Emptied Jobs kept for re-arming; undefined when spares are off (or the identity may not patch Jobs). */
  #spares: SparePool<Group> | undefined;
  readonly #reuseMs: number;

  constructor(kube: Kube, options: ExpiryGroupOptions) {
    this.#kube = kube;
    this.#now = options.now;
    this.#log = options.logger;
    this.#reuseMs = options.reuseMs ?? 0;
    const spareMs = this.#reuseMs > 0 ? (options.spareMs ?? 0) : 0;
    // A spare nobody re-armed in time goes like any emptied Job whose window has passed.
    this.#spares = spareMs > 0 ? new SparePool<Group>(spareMs, (group) => this.#close(group, 'delete')) : undefined;
  }

  /**
   * An inject into `namespace` has started; the returned function (idempotent) says it reached `arm` or ended. While
   * others are in flight, the first to arm creates a shared Job they can join when they get there. Given the fault's
   * expiry, a spare is re-armed for its second now, while the inject plans, so that `arm` finds it ready; an inject
   * refused while planning leaves it open to the next, and a spare again once its window has passed.
   */
  begin(namespace: string, runnerJob: RunnerJobRef | undefined, expiresAt?: Date): () => void {
    const scope = scopeOf(namespace, runnerJob);
    this.#inFlight.set(scope, (this.#inFlight.get(scope) ?? 0) + 1);
    if (expiresAt && this.#spares) {
      const { key, second } = this.#keyOf(namespace, runnerJob, expiresAt.toISOString());
      if (!this.#openFor(key)) this.#rearmSpare(key, second, { id: '', namespace, expiresAt: expiresAt.toISOString() }, runnerJob);
    }
    let settled = false;
    return () => {
      if (settled) return;
      settled = true;
      const left = (this.#inFlight.get(scope) ?? 1) - 1;
      if (left > 0) this.#inFlight.set(scope, left);
      else this.#inFlight.delete(scope);
    };
  }

  /** Arms a fault's expiry: joins an open Job, re-arms a spare or creates the Job; rejects as armExpiry does (RBAC, quota). */
  async arm(fault: ExpiringFault, runnerJob: RunnerJobRef | undefined, settle?: () => void): Promise<ArmedExpiry> {
    settle?.();
    const { key, second } = this.#keyOf(fault.namespace, runnerJob, fault.expiresAt);
    const group = this.#openFor(key) ?? this.#rearmSpare(key, second, fault, runnerJob) ?? this.#create(key, second, fault, runnerJob);
    this.#spares?.remove(group);
    group.members.add(fault.id);
    this.#byFault.set(fault.id, group);
    try {
      // The name is read once the Job is armed: a failed re-arm falls back to a Job of another name.
      return { owner: await group.job, jobName: group.jobName };
    } catch (error) {
      this.#leave(fault.id, group);
      throw error;
    }
  }

  /** The group key of a fault: its namespace, runner Job and expiry second. */
  #keyOf(namespace: string, runnerJob: RunnerJobRef | undefined, expiresAt: string): { key: string; second: number } {
    const second = Math.ceil(Date.parse(expiresAt) / 1000);
    return { key: `${scopeOf(namespace, runnerJob)}\0${String(second)}`, second };
  }

  /** The group still open to the key's injects (one whose window has just passed is closed first). */
  #openFor(key: string): Group | undefined {
    const open = this.#open.get(key);
    if (open && open.openUntil !== 0 && Date.now() >= open.openUntil) this.#close(open);
    return this.#open.get(key);
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

  /** Ends every reuse window and drops the spares: deletes the Jobs no live fault of ours needs (engine release). */
  async close(): Promise<void> {
    const groups = new Set([...this.#open.values(), ...(this.#spares?.drain() ?? [])]);
    for (const group of groups) this.#close(group, 'none');
    await Promise.all([...groups].filter((g) => g.members.size === 0).map((g) => this.#delete(g)));
  }

  /** Removes a member; true when the group is empty now, closed to new members and not kept: its Job may go. */
  #leave(faultId: string, group: Group): boolean {
    this.#byFault.delete(faultId);
    group.members.delete(faultId);
    // An armed Job is kept as a spare when the pool has room: a failed one (create or re-arm) is not.
    if (group.members.size > 0 || (group.armed && this.#spares?.keep(group)) || group.openUntil !== 0) return false;
    if (this.#open.get(group.key) === group) this.#open.delete(group.key);
    return true;
  }

  // The window has passed: no fault joins any more. An empty group's Job is kept as a spare (re-armed for an inject that
  // was then refused) or goes now; `then` 'delete' skips the spare (its time as one is up), 'none' leaves it to the caller.
  #close(group: Group, then: 'keep-or-delete' | 'delete' | 'none' = 'keep-or-delete'): void {
    clearTimeout(group.timer);
    group.openUntil = 0;
    if (this.#open.get(group.key) === group) this.#open.delete(group.key);
    if (then === 'none' || group.members.size > 0 || this.#spares?.has(group)) return;
    if (then === 'keep-or-delete' && group.armed && this.#spares?.keep(group)) return;
    void this.#delete(group);
  }

  async #delete(group: Group, faultId?: string): Promise<void> {
    // A Job that was never created has nothing to delete; a refusal was already reported to the injects.
    const created = await group.job.then(
      () => true,
      () => false,
    );
    if (created) await deleteExpiryJob(this.#kube, group.namespace, group.jobName, faultId, this.#log);
  }

  /** A spare of the scope re-armed for `second`, or undefined (none, or each fires too soon to be re-armed safely). */
  #rearmSpare(key: string, second: number, first: ExpiringFault, runnerJob: RunnerJobRef | undefined): Group | undefined {
    const spare = this.#spares?.take(scopeOf(first.namespace, runnerJob), this.#now().getTime() + SPARE_MARGIN_MS);
    if (!spare) return undefined;
    this.#close(spare, 'none');
    const armed = spare.job;
    Object.assign(spare, { key, second, armed: false });
    spare.job = (async () => {
      const owner = await armed;
      try {
        spare.countsFrom = await rearmExpiryJob(
          this.#kube,
          { namespace: spare.namespace, name: spare.jobName, uid: owner.uid },
          spare.countsFrom,
          second * 1000,
        );
        return owner;
      } catch (error) {
        if (error instanceof RefusedError && error.reason === REARM_NOT_ALLOWED) {
          // Version skew (RBAC without "patch"): this engine creates its Jobs from now on, as before spares.
          for (const group of this.#spares?.drain() ?? []) this.#close(group, 'delete');
          this.#spares = undefined;
          this.#log?.warn({ job: spare.jobName, namespace: spare.namespace, err: error, note: error.message }, EVENTS.expiryJobNotRearmed);
        }
        // The old Job owns nothing now; whatever its TTL, it goes.
        void deleteExpiryJob(this.#kube, spare.namespace, spare.jobName, undefined, this.#log);
        return this.#makeJob(spare, first, runnerJob, true);
      }
    })();
    this.#track(spare);
    return spare;
  }

  #create(key: string, second: number, first: ExpiringFault, runnerJob: RunnerJobRef | undefined): Group {
    const reuse = this.#reuseMs > 0;
    const scope = scopeOf(first.namespace, runnerJob);
    const state = {
      key,
      scope,
      namespace: first.namespace,
      members: new Set<string>(),
      jobName: '',
      second,
      countsFrom: earliestFinishOf(this.#now()),
      armed: false,
      openUntil: 0,
    };
    const job = (async () => {
      // The rest of the burst arrives within this turn (its reads came from the same caches); one turn costs < 1 ms.
      if (!reuse) await nextTurn();
      // Shared when open to later injects, when the burst is here already, or when more of it is still planning.
      const shared = reuse || state.members.size > 1 || (this.#inFlight.get(scope) ?? 0) > 0;
      if (!shared && this.#open.get(key) === state) this.#open.delete(key);
      return this.#makeJob(state, first, runnerJob, shared);
    })();
    const group: Group = Object.assign(state, { job });
    this.#track(group);
    return group;
  }

  /** Creates the group's Job for its second (shared: named by an id of its own) and returns its ownerReference. */
  async #makeJob(group: Omit<Group, 'job'>, first: ExpiringFault, runnerJob: RunnerJobRef | undefined, shared: boolean): Promise<V1OwnerReference> {
    const now = this.#now();
    const id = shared ? newFaultId(now) : first.id;
    group.jobName = expiryJobName(id);
    group.countsFrom = earliestFinishOf(now);
    // Every member ends within this second: the Job's TTL, counted to its end, never removes a policy early.
    const expiresAt = shared ? new Date(group.second * 1000).toISOString() : first.expiresAt;
    const of = shared ? 'the NetworkPolicies of the faults that share it (their ownerReferences name this Job)' : undefined;
    const owner = await armExpiry(this.#kube, { id, namespace: group.namespace, expiresAt }, runnerJob, { enabled: true, now, ...(of ? { of } : {}) });
    if (!owner) throw new Error('armExpiry returned no owner although enabled');
    return owner;
  }

  /** Opens the group to its key's injects (for the reuse window) and follows its Job: armed, or closed on failure. */
  #track(group: Group): void {
    this.#open.set(group.key, group);
    // A failed create reaches every member through arm(); the next inject tries again rather than joining the failure.
    group.job.then(
      () => (group.armed = true),
      () => this.#close(group, 'none'),
    );
    if (this.#reuseMs > 0) {
      group.openUntil = Date.now() + this.#reuseMs;
      group.timer = setTimeout(() => this.#close(group), this.#reuseMs);
      group.timer.unref();
    }
  }
}
