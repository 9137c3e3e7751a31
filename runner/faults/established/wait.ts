// Waiting for a helper to finish: read until the answer is there, bounded.
import { pollUntil } from '../../util/poll.ts';
import { ERROR_CODES, NetpartError } from '../../util/errors.ts';

/** Raised when a helper did not finish within the timeout; names what was awaited and what was last seen. */
export class HelperTimeoutError extends NetpartError {
  override name = 'HelperTimeoutError';
  constructor(message: string, options?: ErrorOptions) {
    super(ERROR_CODES.helperTimeout, message, options);
  }
}

// helpers answer within seconds: ask often so a finished helper is noticed quickly
const HELPER_POLL_MS = 150;

/** Calls `read` every `intervalMs` until it returns a value; throws HelperTimeoutError after `timeoutMs`. */
export async function pollFor<T>(
  what: string,
  read: () => Promise<{ done: T } | { waiting: string }>,
  timeoutMs: number,
  intervalMs = HELPER_POLL_MS,
): Promise<T> {
  let lastSeen = '';
  const answer = await pollUntil(
    async () => {
      const state = await read();
      if ('done' in state) return state;
      lastSeen = state.waiting;
      return undefined;
    },
    { intervalMs, timeoutMs },
  );
  if (!answer) throw new HelperTimeoutError(`${what} did not finish within ${Math.round(timeoutMs / 1000)}s (last seen: ${lastSeen})`);
  return answer.done;
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
