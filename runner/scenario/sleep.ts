// An abortable sleep: scenarios wait with ctx.sleep so a deadline or SIGTERM ends the wait at once.
import { setTimeout as wait } from 'node:timers/promises';
import { ScenarioAbortedError } from './errors.ts';

/** Resolves after `ms`, or rejects with ScenarioAbortedError as soon as `signal` aborts. */
export async function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`sleep: ${String(ms)} ms is not a duration ≥ 0`);
  try {
    await wait(ms, undefined, { signal });
  } catch (error) {
    // The timer's AbortError says only that it was aborted; the scenario is told why.
    if (signal.aborted) throw new ScenarioAbortedError(String(signal.reason ?? 'aborted'), { cause: error });
    throw error;
  }
}
