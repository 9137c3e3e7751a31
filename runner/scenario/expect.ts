// ctx.expect: named expectations; each is logged as a "check" event and a failure throws ScenarioAssertionError.
import { EVENTS } from '../contract/events.ts';
import type { CheckRecord } from '../contract/result.ts';
import type { Logger } from '../log/logger.ts';
import { ScenarioAssertionError } from './errors.ts';

export type { CheckRecord } from '../contract/result.ts';

/** What scenarios see as ctx.expect. */
export interface Expectations {
  /** actual ≥ min, e.g. atLeast('availability during fault', rate, 0.95). */
  atLeast(name: string, actual: number | undefined | null, min: number): void;
  /** actual ≤ max, e.g. atMost('time to recover (s)', ttr, 30). */
  atMost(name: string, actual: number | undefined | null, max: number): void;
  /** min ≤ actual ≤ max. */
  between(name: string, actual: number | undefined | null, min: number, max: number): void;
  /** Strict equality of JSON-like values. */
  equal<T>(name: string, actual: T, expected: T): void;
  /** A condition that must hold; `explain` says what was seen when it does not. */
  ok(name: string, condition: unknown, explain?: string): void;
}

const show = (n: unknown) => (typeof n === 'number' ? String(Math.round(n * 10000) / 10000) : JSON.stringify(n));

/** Creates the expectations of one run; `record` receives every evaluated check. */
export function createExpectations(log: Logger, record: (check: CheckRecord) => void): Expectations {
  function settle(name: string, ok: boolean, details: Record<string, unknown>, failure: string): void {
    record({ name, ok, details });
    log.info({ name, ok, details }, EVENTS.check);
    if (!ok) throw new ScenarioAssertionError(`${name}: ${failure}`, name, details);
  }

  function numeric(name: string, actual: unknown, details: Record<string, unknown>): actual is number {
    if (typeof actual === 'number' && Number.isFinite(actual)) return true;
    settle(name, false, { ...details, actual: actual ?? null }, `expected a measured number but got ${show(actual ?? null)} (was it measured?)`);
    return false;
  }

  return {
    atLeast(name, actual, min) {
      if (!numeric(name, actual, { min })) return;
      settle(name, actual >= min, { actual, min }, `${show(actual)} is below the minimum ${show(min)}`);
    },
    atMost(name, actual, max) {
      if (!numeric(name, actual, { max })) return;
      settle(name, actual <= max, { actual, max }, `${show(actual)} is above the maximum ${show(max)}`);
    },
    between(name, actual, min, max) {
      if (!numeric(name, actual, { min, max })) return;
      settle(name, actual >= min && actual <= max, { actual, min, max }, `${show(actual)} is outside [${show(min)}, ${show(max)}]`);
    },
    equal(name, actual, expected) {
      const same = JSON.stringify(actual) === JSON.stringify(expected);
      settle(name, same, { actual, expected }, `expected ${show(expected)} but got ${show(actual)}`);
    },
    ok(name, condition, explain) {
      // `explain` describes the failure; on a pass it would read as one ("did not answer…, ok=true").
      const held = Boolean(condition);
      settle(name, held, explain && !held ? { explain } : {}, explain ?? 'condition did not hold');
    },
  };
}
