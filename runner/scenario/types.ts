// The scenario context: everything a scenario's run(ctx) may use.
import type { Logger } from '../log/logger.ts';
import type { ScenarioChecks } from './checks.ts';
import type { BaseConfig } from './config.ts';
import type { Expectations } from './expect.ts';
import type { ScenarioFaults } from './faults.ts';
import type { Metrics } from './metrics.ts';
import type { StepFn } from './steps.ts';

/** What run(ctx) receives; `Env` is the scenario's own validated settings, merged into config. */
export interface ScenarioContext<Env extends object = Record<string, unknown>> {
  /** The scenario's name. */
  readonly name: string;
  /** Base config (apiUrl, frontendUrl, appNamespace, timeoutSeconds, job) plus the scenario's own env. */
  readonly config: Readonly<BaseConfig & Env>;
  /** Inject/recover partitions; every fault is recovered when the run ends, whatever happens. */
  readonly faults: ScenarioFaults;
  /** Checks bound to config.frontendUrl and to `signal`. */
  readonly checks: ScenarioChecks;
  /** Runs a named, timed, logged step; a failing step fails the scenario with its message. */
  readonly step: StepFn;
  /** Expectations that throw ScenarioAssertionError (→ status "failed"). */
  readonly expect: Expectations;
  /** Measurements for the result record. */
  readonly metrics: Metrics;
  /** pino child logger (NDJSON); fields go into the log line. */
  readonly log: Logger;
  /** Aborted on deadline, SIGTERM or SIGINT; pass it to anything that waits. */
  readonly signal: AbortSignal;
  /** Sleeps, but rejects at once when `signal` aborts. */
  sleep(ms: number): Promise<void>;
}
