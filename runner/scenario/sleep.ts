// An abortable sleep: scenarios wait with ctx.sleep so a deadline or SIGTERM ends the wait at once.
import { ScenarioAbortedError } from './errors.ts';

/** Resolves after `ms`, or rejects with ScenarioAbortedError as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (!Number.isFinite(ms) || ms < 0) return Promise.reject(new RangeError(`sleep: ${ms} ms is not a duration ≥ 0`));
  if (signal.aborted) return Promise.reject(new ScenarioAbortedError(String(signal.reason ?? 'aborted')));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ScenarioAbortedError(String(signal.reason ?? 'aborted')));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
