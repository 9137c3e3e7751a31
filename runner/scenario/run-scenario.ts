// Runs one scenario with a deadline and a stop signal, recovers every fault on every path, and builds the result.
import { EVENTS } from '../contract/events.ts';
import type { Logger } from '../log/logger.ts';
import type { ScenarioChecks } from './checks.ts';
import { effectiveTimeoutSeconds, parseScenarioEnv, type BaseConfig } from './config.ts';
import { createRunContext, type RunContext } from './context.ts';
import type { Scenario } from './define.ts';
import { errorMessage, isAssertionError } from './errors.ts';
import type { FaultEngine } from '../faults/types.ts';
import type { EndedBy, ResultStatus, ScenarioResult } from './result.ts';
import type { StepRecord } from './steps.ts';

/** Why an external stop happened; the runner main passes the signal name. */
export type StopReason = 'SIGTERM' | 'SIGINT';

/** Everything one run needs; nothing here reads process state, so tests drive it directly. */
export interface RunScenarioOptions {
  scenario: Scenario<object>;
  engine: FaultEngine;
  /** Base config without the deadline; `envTimeoutSeconds` is NETPART_TIMEOUT_SECONDS when set. */
  config: Omit<BaseConfig, 'timeoutSeconds'> & { envTimeoutSeconds?: number | undefined };
  /** Environment the scenario's own env schema reads. */
  env: Record<string, string | undefined>;
  logger: Logger;
  now?: () => Date;
  /** Aborted by SIGTERM/SIGINT with the signal name as reason. */
  stop?: AbortSignal;
  checks?: ScenarioChecks;
  recoverRetryDelayMs?: number;
}

/** Runs the scenario and returns its result; never throws (every failure becomes status error/failed). */
export async function runScenario(options: RunScenarioOptions): Promise<ScenarioResult> {
  const { scenario, logger } = options;
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const timeoutSeconds = effectiveTimeoutSeconds(scenario.timeout, options.config.envTimeoutSeconds);
  const { envTimeoutSeconds: _ignored, ...baseConfig } = options.config;
  const config: BaseConfig = { ...baseConfig, timeoutSeconds };
  const log = logger.child({ scenario: scenario.name });
  const controller = new AbortController();
  let endedBy: EndedBy | undefined;
  const end = (why: EndedBy) => {
    endedBy ??= why;
    controller.abort(why);
  };
  const onStop = () => end((options.stop?.reason as StopReason | undefined) ?? 'SIGTERM');
  if (options.stop?.aborted) onStop();
  else options.stop?.addEventListener('abort', onStop, { once: true });

  log.info({ description: scenario.description, timeoutSeconds, appNamespace: config.appNamespace }, EVENTS.scenarioStart);
  let run: RunContext<object> | undefined;
  let runError: unknown;
  let timer: NodeJS.Timeout | undefined;
  try {
    const env = parseScenarioEnv(scenario.name, scenario.env, options.env);
    run = createRunContext({
      scenarioName: scenario.name,
      config,
      env,
      engine: options.engine,
      log,
      now,
      startedAt,
      signal: controller.signal,
      ...(options.checks ? { checks: options.checks } : {}),
      ...(options.recoverRetryDelayMs !== undefined ? { recoverRetryDelayMs: options.recoverRetryDelayMs } : {}),
    });
    if (!controller.signal.aborted) {
      timer = setTimeout(() => end('timeout'), timeoutSeconds * 1000);
      const aborted = new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve(), { once: true }));
      const body = Promise.resolve().then(() => scenario.run(run!.ctx));
      // After an abort nobody awaits the body any more; its late rejection must not crash the runner.
      body.catch(() => undefined);
      await Promise.race([body, aborted]);
    }
  } catch (error) {
    runError = error;
  } finally {
    clearTimeout(timer);
    options.stop?.removeEventListener('abort', onStop);
  }
  // Recovery happens whatever the outcome; a deadline or signal has already aborted everything that waits.
  let recoveryError: unknown;
  if (run) {
    if (!controller.signal.aborted) controller.abort('finished');
    try {
      await run.faults.closeAndRecoverAll();
    } catch (error) {
      recoveryError = error;
      log.error({ err: error }, EVENTS.faultRecoverFailed);
    }
  }
  const steps = run?.steps() ?? [];
  const faults = run?.faults.records() ?? [];
  const outcome = classify({ endedBy, runError, steps, timeoutSeconds });
  const unrecovered = faults.filter((f) => f.recoveredAt === null).map((f) => f.id);
  if (recoveryError !== undefined || unrecovered.length > 0) {
    outcome.status = 'error';
    const what = recoveryError !== undefined ? errorMessage(recoveryError) : `faults not recovered: ${unrecovered.join(', ')}`;
    outcome.reason = outcome.reason ? `${outcome.reason}; ${what}` : what;
  }
  const finishedAt = now();
  return {
    scenario: scenario.name,
    status: outcome.status,
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    endedBy: outcome.endedBy,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    steps,
    faults,
    metrics: run?.metrics() ?? {},
    checks: run?.checks() ?? [],
    ...(run ? { requests: run.requests() } : {}),
  };
}

interface Outcome {
  status: ResultStatus;
  endedBy: EndedBy;
  reason?: string;
}

/** Maps how the body ended to status/endedBy/reason; a step that failed counts even if the scenario caught it. */
function classify(input: { endedBy: EndedBy | undefined; runError: unknown; steps: StepRecord[]; timeoutSeconds: number }): Outcome {
  const { endedBy, runError, steps } = input;
  const running = steps.find((s) => s.status === 'aborted');
  const during = running ? ` during step "${running.name}"` : '';
  if (endedBy === 'timeout') {
    return { status: 'failed', endedBy, reason: `deadline of ${input.timeoutSeconds}s reached${during}` };
  }
  if (endedBy === 'SIGTERM' || endedBy === 'SIGINT') {
    return { status: 'error', endedBy, reason: `stopped by ${endedBy}${during}` };
  }
  if (runError !== undefined) {
    const failedStep = steps.find((s) => (s.status === 'failed' || s.status === 'error') && s.error === errorMessage(runError));
    const assertion = isAssertionError(runError);
    const message = `${assertion ? '' : nameOf(runError)}${errorMessage(runError)}`;
    const reason = failedStep ? `step "${failedStep.name}": ${message}` : message;
    return assertion ? { status: 'failed', endedBy: 'assertion', reason } : { status: 'error', endedBy: 'error', reason };
  }
  const swallowed = steps.find((s) => s.status === 'failed' || s.status === 'error');
  if (swallowed) {
    const reason = `step "${swallowed.name}": ${swallowed.error ?? swallowed.status}`;
    return swallowed.status === 'failed' ? { status: 'failed', endedBy: 'assertion', reason } : { status: 'error', endedBy: 'error', reason };
  }
  return { status: 'passed', endedBy: 'completed' };
}

// "ValidationError: ..." tells a user at once whether their input or the cluster is at fault.
const nameOf = (error: unknown) => (error instanceof Error && error.name && error.name !== 'Error' ? `${error.name}: ` : '');
