// Builds one run's ScenarioContext and keeps the handles the runner needs to finish the run.
import type { Logger } from '../log/logger.ts';
import type { FaultEngine, InjectOptions } from '../faults/types.ts';
import { processOwner } from '../faults/identity.ts';
import { jobOwner } from '../faults/labels.ts';
import { bindChecks, type ScenarioChecks } from './checks.ts';
import type { BaseConfig } from './config.ts';
import { createExpectations, type CheckRecord } from './expect.ts';
import { createFaultTracker, type FaultTracker } from './faults.ts';
import { createMetrics, type MetricValue } from './metrics.ts';
import { createRequestRecorder, type RequestLog } from './requests.ts';
import { abortableSleep } from './sleep.ts';
import { createStepRunner, type StepRecord } from './steps.ts';
import type { ScenarioContext } from './types.ts';

/** Inputs of one run's context. */
export interface ContextOptions<Env extends object> {
  scenarioName: string;
  config: BaseConfig;
  env: Env;
  engine: FaultEngine;
  log: Logger;
  now: () => Date;
  signal: AbortSignal;
  /** When the run began: request samples are timed from here (default: now). */
  startedAt?: Date;
  /** Replaces the bound checks (tests of the runtime without a frontend). */
  checks?: ScenarioChecks;
  /** Retry pacing of recovery (tests shorten it). */
  recoverRetryDelayMs?: number;
}

/** The context plus what the runner reads after the run. */
export interface RunContext<Env extends object> {
  ctx: ScenarioContext<Env>;
  faults: FaultTracker;
  steps(): StepRecord[];
  checks(): CheckRecord[];
  metrics(): Record<string, MetricValue>;
  /** Requests the bound checks sent (probes, completion checks), for the result's timeline. */
  requests(): RequestLog;
}

/** Builds the context; faults are owned by the runner's Job when it runs in one. */
export function createRunContext<Env extends object>(options: ContextOptions<Env>): RunContext<Env> {
  const { config, log, now, signal } = options;
  // the runner names its owner: the engine never reads the Job's environment itself
  const injectOptions: InjectOptions = config.job
    ? { owner: jobOwner(config.job.namespace, config.job.name), ownerJob: config.job }
    : { owner: processOwner() };
  const faults = createFaultTracker({
    engine: options.engine,
    namespace: config.appNamespace,
    log,
    now,
    signal,
    injectOptions,
    ...(options.recoverRetryDelayMs !== undefined ? { retryDelayMs: options.recoverRetryDelayMs } : {}),
  });
  const checkRecords: CheckRecord[] = [];
  const expect = createExpectations(log, (check) => checkRecords.push(check));
  const metrics = createMetrics(log);
  const stepRunner = createStepRunner(log, now, signal);
  const requests = createRequestRecorder(now, options.startedAt ?? now());
  const ctx: ScenarioContext<Env> = Object.freeze({
    name: options.scenarioName,
    config: Object.freeze({ ...options.env, ...config }),
    // A view: scenarios must not close the tracker or rewrite the records the result is built from.
    faults: {
      inject: faults.inject,
      recover: faults.recover,
      cutEstablished: faults.cutEstablished,
      recoverAll: faults.recoverAll,
      get active() {
        return faults.active;
      },
    },
    checks: options.checks ?? bindChecks(config.frontendUrl, signal, requests),
    step: stepRunner.step,
    expect,
    metrics,
    log,
    signal,
    sleep: (ms: number) => abortableSleep(ms, signal),
  });
  return {
    ctx,
    faults,
    steps: stepRunner.steps,
    checks: () => checkRecords.map((c) => ({ ...c })),
    metrics: metrics.snapshot,
    requests: requests.snapshot,
  };
}
