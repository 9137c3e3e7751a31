// Polling until the cluster converges: what the testbed waits on while it starts, and what the tests wait on.
import { setTimeout as sleep } from 'node:timers/promises';

/** Raised when a waited-for condition never held; names the condition and the last error seen. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}

/**
 * How long a test waits for the cluster to converge by default. Generous on purpose: on a loaded testbed (a 2-core
 * machine at load ~20) pods start and controllers act many times slower than idle; a wait that is not a measurement
 * only fails later when the awaited thing never happens. Tests that measure time pass their own bound.
 */
export const CONVERGE_TIMEOUT_MS = 120_000;

/** Polls `fn` until it returns a value other than undefined/false; throws naming `what` on timeout. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = CONVERGE_TIMEOUT_MS): Promise<T> {
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
