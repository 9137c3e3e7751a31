// ctx.metrics: named measurements that land in the result record's `metrics`.
import { EVENTS } from '../contract/events.ts';
import type { MetricValue } from '../contract/result.ts';
import type { Logger } from '../log/logger.ts';

export type { MetricValue } from '../contract/result.ts';

/** What scenarios see as ctx.metrics. */
export interface Metrics {
  /** Records (or overwrites) a measurement. */
  record(name: string, value: MetricValue): void;
  /** The value recorded under `name`, if any. */
  get(name: string): MetricValue | undefined;
}

const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,79}$/;

/** Creates the metrics store of one run; `snapshot()` is for the result record. */
export function createMetrics(log: Logger): Metrics & { snapshot: () => Record<string, MetricValue> } {
  const values: Record<string, MetricValue> = {};
  return {
    record(name, value) {
      if (!METRIC_NAME.test(name)) {
        throw new RangeError(`metric name ${JSON.stringify(name)}: use letters, digits, "_", "." or "-" (≤ 80 chars), e.g. "timeToRecoverSeconds"`);
      }
      // Non-finite numbers do not survive JSON; keep them visible as null rather than silently dropping them.
      const safe = typeof value === 'number' && !Number.isFinite(value) ? null : value;
      values[name] = safe;
      log.debug({ metric: name, value: safe }, EVENTS.metric);
    },
    get: (name) => values[name],
    snapshot: () => ({ ...values }),
  };
}
