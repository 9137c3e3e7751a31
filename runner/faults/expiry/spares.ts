// The emptied expiry Jobs a long-lived engine keeps for a while, per namespace and runner Job, so that a later expiry
// second re-arms one (a TTL patch) instead of creating a Job. Bookkeeping only: groups.ts decides and talks to the API.

/** How many emptied Jobs an engine keeps per namespace and runner Job; one more is deleted at once. */
const SPARES_PER_SCOPE = 4;

/** A kept Job: what the pool needs to know of it. */
export interface Spare {
  scope: string;
  /** The expiry second its TTL is set for. */
  second: number;
}

/** Emptied Jobs, oldest first per scope, each dropped (and handed to `expire`) `keepMs` after it was kept. */
export class SparePool<T extends Spare> {
  readonly #byScope = new Map<string, T[]>();
  readonly #timers = new Map<T, NodeJS.Timeout>();
  readonly #keepMs: number;
  readonly #expire: (spare: T) => void;

  constructor(keepMs: number, expire: (spare: T) => void) {
    this.#keepMs = keepMs;
    this.#expire = expire;
  }

  /** Keeps the Job (true), unless its scope holds enough already. */
  keep(spare: T): boolean {
    const spares = this.#byScope.get(spare.scope) ?? [];
    if (spares.length >= SPARES_PER_SCOPE) return false;
    spares.push(spare);
    this.#byScope.set(spare.scope, spares);
    const timer = setTimeout(() => {
      this.remove(spare);
      this.#expire(spare);
    }, this.#keepMs);
    timer.unref();
    this.#timers.set(spare, timer);
    return true;
  }

  /** Whether the Job is kept here now. */
  has(spare: T): boolean {
    return this.#timers.has(spare);
  }

  /** The oldest kept Job of the scope whose TTL fires at `earliestMs` or later, taken out of the pool. */
  take(scope: string, earliestMs: number): T | undefined {
    const spare = this.#byScope.get(scope)?.find((s) => s.second * 1000 >= earliestMs);
    if (spare) this.remove(spare);
    return spare;
  }

  /** Takes the Job out of the pool (it got a member again, or is being re-armed); nothing if it is not kept. */
  remove(spare: T): void {
    const timer = this.#timers.get(spare);
    if (!timer) return;
    clearTimeout(timer);
    this.#timers.delete(spare);
    const spares = this.#byScope.get(spare.scope) ?? [];
    const at = spares.indexOf(spare);
    if (at >= 0) spares.splice(at, 1);
    if (spares.length === 0) this.#byScope.delete(spare.scope);
  }

  /** Empties the pool and returns what it held. */
  drain(): T[] {
    const all = [...this.#timers.keys()];
    for (const spare of all) this.remove(spare);
    return all;
  }
}
