// Worker discovery state of the frontend: who heart-beat recently, in which order to try them, who is backing off.
import type { Heartbeat } from './protocol.ts';

/** A worker as the frontend knows it. */
export interface KnownWorker {
  id: string;
  url: string;
  model: string;
  lastSeen: number;
  /** Until this time the worker is tried only after the others (it failed recently). */
  backoffUntil: number;
  /** Consecutive failures since its last success; each one doubles the backoff. */
  failures: number;
  /** When the last counted failure was recorded (-Infinity: none since the last success). */
  lastFailedAt: number;
}

/** How long a worker's backoff is after a failure was counted. */
export interface Backoff {
  failures: number;
  backoffMs: number;
}

/** Heartbeat-driven registry with a TTL and a growing per-worker backoff; time is injected so tests can drive it. */
export class WorkerRegistry {
  private readonly workers = new Map<string, KnownWorker>();
  private cursor = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly backoff: { baseMs: number; maxMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a heartbeat; returns true when the worker is new or came back after expiring (which clears its backoff). */
  heartbeat(beat: Heartbeat): boolean {
    const known = this.workers.get(beat.id);
    const returning = !known || !this.isLive(known);
    const fresh = { backoffUntil: 0, failures: 0, lastFailedAt: -Infinity };
    const kept = returning ? fresh : { backoffUntil: known.backoffUntil, failures: known.failures, lastFailedAt: known.lastFailedAt };
    this.workers.set(beat.id, { id: beat.id, url: beat.url, model: beat.model, lastSeen: this.now(), ...kept });
    return returning;
  }

  /** Workers whose last heartbeat is within the TTL, optionally only those serving `model`. */
  live(model?: string): KnownWorker[] {
    return [...this.workers.values()]
      .filter((worker) => this.isLive(worker) && (model === undefined || worker.model === model))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Live workers in try order: round-robin start, workers in backoff last. */
  routeOrder(model?: string): KnownWorker[] {
    const live = this.live(model);
    if (live.length === 0) return [];
    const start = this.cursor++ % live.length;
    const rotated = [...live.slice(start), ...live.slice(0, start)];
    const now = this.now();
    return [...rotated.filter((w) => w.backoffUntil <= now), ...rotated.filter((w) => w.backoffUntil > now)];
  }

  /**
   * Puts a worker that failed a request sent at `sentAt` at the back of the line. Requests that were already in flight
   * when an earlier failure was counted do not count again: ten concurrent timeouts are one outage, not ten.
   */
  markFailed(id: string, sentAt: number = this.now()): Backoff | undefined {
    const worker = this.workers.get(id);
    if (!worker) return undefined;
    if (sentAt >= worker.lastFailedAt) {
      worker.failures++;
      worker.lastFailedAt = this.now();
      worker.backoffUntil = worker.lastFailedAt + this.backoffFor(worker.failures);
    }
    return { failures: worker.failures, backoffMs: this.backoffFor(worker.failures) };
  }

  /** Clears the backoff of a worker that answered. */
  markOk(id: string): void {
    const worker = this.workers.get(id);
    if (worker) Object.assign(worker, { backoffUntil: 0, failures: 0, lastFailedAt: -Infinity });
  }

  /** Forgets expired workers and returns their ids (for the log). */
  sweep(): string[] {
    const expired = [...this.workers.values()].filter((worker) => !this.isLive(worker)).map((worker) => worker.id);
    for (const id of expired) this.workers.delete(id);
    return expired;
  }

  private backoffFor(failures: number): number {
    return Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (failures - 1));
  }

  private isLive(worker: KnownWorker): boolean {
    return this.now() - worker.lastSeen <= this.ttlMs;
  }
}
