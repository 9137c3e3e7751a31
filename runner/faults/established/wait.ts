// Waiting for a helper to finish: read until the answer is there, bounded.
import { ERROR_CODES, NetpartError } from '../../util/errors.ts';
import { setTimeout as sleep } from 'node:timers/promises';

/** Raised when a helper did not finish within the timeout; names what was awaited and what was last seen. */
export class HelperTimeoutError extends NetpartError {
  override name = 'HelperTimeoutError';
  constructor(message: string, options?: ErrorOptions) {
    super(ERROR_CODES.helperTimeout, message, options);
  }
}

/** Calls `read` every `intervalMs` until it returns a value; throws HelperTimeoutError after `timeoutMs`. */
export async function pollFor<T>(what: string, read: () => Promise<{ done: T } | { waiting: string }>, timeoutMs: number, intervalMs = 150): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await read();
    if ('done' in state) return state.done;
    if (Date.now() >= deadline) throw new HelperTimeoutError(`${what} did not finish within ${Math.round(timeoutMs / 1000)}s (last seen: ${state.waiting})`);
    await sleep(intervalMs);
  }
}

/** A container state as "terminated with message" or a short description of why it is still waiting. */
export function terminatedMessage(
  state:
    { terminated?: { exitCode?: number; message?: string; reason?: string }; waiting?: { reason?: string; message?: string }; running?: object } | undefined,
): { done: { exitCode: number; message: string | undefined } } | { waiting: string } {
  if (state?.terminated) return { done: { exitCode: state.terminated.exitCode ?? -1, message: state.terminated.message } };
  if (state?.waiting) return { waiting: `waiting: ${state.waiting.reason ?? ''} ${state.waiting.message ?? ''}`.trim() };
  if (state?.running) return { waiting: 'running' };
  return { waiting: 'not started' };
}
