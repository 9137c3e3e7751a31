// ctx.step: a named, timed, logged part of a scenario; a failing step fails the scenario with its message.
import { EVENTS } from '../contract/events.ts';
import type { StepRecord } from '../contract/result.ts';
import type { Logger } from '../log/logger.ts';
import { errorMessage, isAssertionError } from './errors.ts';

export type { StepRecord, StepStatus } from '../contract/result.ts';

/** Runs `fn` as a step named `name` and returns its value; rethrows its error after recording it. */
export type StepFn = <T>(name: string, fn: () => Promise<T> | T) => Promise<T>;

/** Creates the step runner of one run; `steps()` lists what ran, in start order. */
export function createStepRunner(log: Logger, now: () => Date, signal: AbortSignal): { step: StepFn; steps: () => StepRecord[] } {
  const records: { record: StepRecord; started: number }[] = [];
  const running = new Set<StepRecord>();
  const step: StepFn = async (name, fn) => {
    if (typeof name !== 'string' || name.trim() === '') throw new TypeError('ctx.step(name, fn): name must be a non-empty string');
    const startedAt = now();
    const started = startedAt.getTime();
    const record: StepRecord = { name, status: 'passed', startedAt: startedAt.toISOString(), durationMs: 0 };
    records.push({ record, started });
    running.add(record);
    log.info({ step: name }, EVENTS.stepStart);
    try {
      const value = await fn();
      running.delete(record);
      record.durationMs = now().getTime() - started;
      log.info({ step: name, status: record.status, durationMs: record.durationMs }, EVENTS.stepEnd);
      return value;
    } catch (error) {
      running.delete(record);
      record.durationMs = now().getTime() - started;
      record.status = isAssertionError(error) ? 'failed' : signal.aborted ? 'aborted' : 'error';
      record.error = errorMessage(error);
      log.info({ step: name, status: record.status, durationMs: record.durationMs, error: record.error }, EVENTS.stepEnd);
      throw error;
    }
  };
  // A step still running when the run ended (deadline, signal, a scenario not awaiting it) is reported as aborted.
  const steps = () =>
    records.map(({ record, started }) =>
      running.has(record)
        ? { ...record, status: 'aborted' as const, durationMs: now().getTime() - started, error: 'still running when the scenario ended' }
        : { ...record },
    );
  return { step, steps };
}
