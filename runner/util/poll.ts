// The one poll loop of the runner: ask until there is an answer, a deadline passes or the caller aborts.
import { setTimeout as sleep } from 'node:timers/promises';

/** Defaults of `pollUntil`: ask every second for at most 30 s (the Kubernetes reads it serves are cheap). */
export const POLL_DEFAULTS = { intervalMs: 1000, timeoutMs: 30_000 } as const;

/** How often and how long to ask; `signal` ends the wait at once (the answer is then undefined). */
export interface PollOptions {
  intervalMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Calls `attempt` (1, 2, …) until it returns something other than undefined and returns that; undefined once
 * `timeoutMs` has passed after an unanswered attempt or `signal` aborted. The first attempt is immediate, and an
 * attempt is never cut short: an error it throws propagates.
 */
export async function pollUntil<T>(attempt: (n: number) => Promise<T | undefined> | T | undefined, options: PollOptions = {}): Promise<T | undefined> {
  const intervalMs = options.intervalMs ?? POLL_DEFAULTS.intervalMs;
  const deadline = Date.now() + (options.timeoutMs ?? POLL_DEFAULTS.timeoutMs);
  for (let n = 1; ; n++) {
    if (options.signal?.aborted) return undefined;
    const answer = await attempt(n);
    if (answer !== undefined) return answer;
    if (Date.now() >= deadline) return undefined;
    try {
      await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())), undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      return undefined; // aborted while waiting
    }
  }
}
