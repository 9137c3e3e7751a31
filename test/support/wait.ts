// Polling helper for tests that wait on the cluster to converge.
import { setTimeout as sleep } from 'node:timers/promises';

/** Raised when a waited-for condition never held; names the condition and the last error seen. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}

/** Polls `fn` until it returns a value other than undefined/false; throws naming `what` on timeout. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let delay = 100;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`, { cause: lastError });
    }
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
    delay = Math.min(delay * 2, 1000);
  }
}
