// Worker discovery state of the frontend: who heart-beat recently, in which order to try them.
import type { Heartbeat } from './protocol.ts';

/** A worker as the frontend knows it. */
export interface KnownWorker {
  id: string;
  url: string;
  model: string;
  lastSeen: number;
  /** Until this time the worker is tried only after the others (it failed recently). */
  backoffUntil: number;
}

/** Heartbeat-driven registry with a TTL; time is injected so tests can drive it. */
export class WorkerRegistry {
  private readonly workers = new Map<string, KnownWorker>();
  private cursor = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly backoffMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a heartbeat; returns true when the worker is new or came back after expiring. */
  heartbeat(beat: Heartbeat): boolean {
    const known = this.workers.get(beat.id);
    const returning = !known || !this.isLive(known);
    this.workers.set(beat.id, { ...beat, lastSeen: this.now(), backoffUntil: returning ? 0 : (known?.backoffUntil ?? 0) });
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

  /** Puts a worker that just failed at the back of the line for the backoff period. */
  markFailed(id: string): void {
    const worker = this.workers.get(id);
    if (worker) worker.backoffUntil = this.now() + this.backoffMs;
  }

  /** Clears the backoff of a worker that answered. */
  markOk(id: string): void {
    const worker = this.workers.get(id);
    if (worker) worker.backoffUntil = 0;
  }

  /** Forgets expired workers and returns their ids (for the log). */
  sweep(): string[] {
    const expired = [...this.workers.values()].filter((worker) => !this.isLive(worker)).map((worker) => worker.id);
    for (const id of expired) this.workers.delete(id);
    return expired;
  }

  private isLive(worker: KnownWorker): boolean {
    return this.now() - worker.lastSeen <= this.ttlMs;
  }
}
