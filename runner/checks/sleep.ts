// Abortable sleep for the polling checks (probe, timeToRecover).
import { setTimeout as wait } from 'node:timers/promises';

/** Resolves after `ms`, or early when the signal aborts (the caller then checks the signal). */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return;
  // An abort rejects the timer with an AbortError: here that only means "stop waiting".
  await wait(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
}
