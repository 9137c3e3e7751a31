// timeToRecover(): how long after healing until the system is steadily healthy again.
import { sleep } from './sleep.ts';

/** Polling settings; `check` succeeds by resolving true, fails by resolving false or throwing. */
export interface TimeToRecoverOptions {
  check: () => Promise<boolean>;
  timeoutMs: number;
  intervalMs: number;
  /** Successes in a row that count as recovered (default 3): one lucky answer is not a recovery. */
  consecutive?: number;
  signal?: AbortSignal;
}

/**
 * Polls `check` and returns the ms from the call until the first success of a run of `consecutive`
 * successes (the moment the system was healthy again), or null if no such run completes before timeoutMs.
 */
export async function timeToRecover(options: TimeToRecoverOptions): Promise<number | null> {
  const { check, timeoutMs, intervalMs, signal } = options;
  const consecutive = options.consecutive ?? 3;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  if (!Number.isFinite(intervalMs) || intervalMs < 0) throw new RangeError(`intervalMs must be ≥ 0, got ${intervalMs}`);
  if (!Number.isInteger(consecutive) || consecutive < 1) {
    throw new RangeError(`consecutive must be a positive integer, got ${consecutive}`);
  }
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  let streakStartedAt: number | null = null;
  let streak = 0;
  while (!signal?.aborted) {
    const remaining = timeoutMs - elapsed();
    if (remaining <= 0) return null;
    const attemptAt = elapsed();
    const ok = await withDeadline(check, remaining);
    if (ok) {
      streakStartedAt ??= attemptAt;
      if (++streak >= consecutive) return Math.round(streakStartedAt);
    } else {
      streak = 0;
      streakStartedAt = null;
    }
    await sleep(Math.min(Math.max(0, attemptAt + intervalMs - elapsed()), timeoutMs - elapsed()), signal);
  }
  return null;
}

// A hung check counts as a failure at the deadline instead of holding the caller past timeoutMs.
async function withDeadline(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      check().then(
        (value) => value,
        () => false,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
