// The runner main, loaded by main.ts once the start-up sweep's list is on its way: env → logger → kube → sweep → load →
// run with deadline → recover → result.
import { EVENTS } from '../contract/events.ts';
import { writeFileSync } from 'node:fs';
import { createFaultEngine } from '../faults/engine.ts';
import { adoptApiException, connectKube } from '../kube/client.ts';
import { sweepFaults } from '../faults/sweep.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { parseRunnerEnv, type RunnerEnv } from './config.ts';
import { errorMessage } from './errors.ts';
import type { FaultEngine } from '../faults/types.ts';
import { loadScenario } from './load-scenario.ts';
import { exitCodeFor } from '../contract/exit-codes.ts';
import { terminationSummary, type EndedBy, type ScenarioResult } from './result.ts';
import { runScenario } from './run-scenario.ts';
import type { StartUp } from './start-up.ts';

/** Logs the one final record at info even when LOG_LEVEL hides info (consumers key on it). */
function emitResult(logger: Logger, result: ScenarioResult): void {
  logger.child({}, { level: 'info' }).info(result, EVENTS.scenarioResult);
}

/** Writes the ≤ 4 KiB summary where the kubelet reads it; outside a pod the path may not exist, which is fine. */
function writeTermination(path: string, result: ScenarioResult, logger: Logger): void {
  try {
    writeFileSync(path, terminationSummary(result));
  } catch (error) {
    logger.debug({ path, err: error }, EVENTS.runnerTerminationNotWritten);
  }
}

/** A result for a run that broke before the scenario body could start. */
function earlyResult(scenario: string, startedAt: Date, reason: string, stopped: string | undefined): ScenarioResult {
  const finishedAt = new Date();
  const endedBy: EndedBy = stopped === 'SIGTERM' || stopped === 'SIGINT' ? stopped : 'error';
  return {
    scenario,
    status: 'error',
    reason,
    endedBy,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    steps: [],
    faults: [],
    metrics: {},
    checks: [],
  };
}

/** Runs the whole scenario run; `start` carries the connection, the policy list already requested and the stop signal. */
export async function runMain(start: StartUp): Promise<number> {
  const startedAt = start.startedAt;
  const stop = start.stop;
  let logger: Logger | undefined;
  start.setLogger(() => logger);
  process.on('unhandledRejection', (error) => logger?.warn({ err: error, note: 'ignored' }, EVENTS.scenarioUnhandledRejection));

  let env: RunnerEnv;
  try {
    env = parseRunnerEnv(process.env);
  } catch (error) {
    logger = createLogger({ name: 'netpart-runner' });
    const result = earlyResult(process.env.NETPART_SCENARIO || '(unknown)', startedAt, errorMessage(error), undefined);
    emitResult(logger, result);
    writeTermination(process.env.NETPART_TERMINATION_LOG || '/dev/termination-log', result, logger);
    return 2;
  }
  logger = createLogger({ level: env.logLevel, name: 'netpart-runner' });
  const log = logger;
  let engine: FaultEngine | undefined;
  let result: ScenarioResult;
  let scenarioName = env.scenario;
  try {
    // client-node loads the config now, after the first request went out with the early loader's copy of it
    const kube = connectKube();
    const appNamespace = env.appNamespace ?? kube.namespace;
    engine = createFaultEngine(kube, { logger: log, namespaces: [appNamespace], watchCache: true });
    log.info({ server: kube.server, appNamespace, job: env.job?.name }, EVENTS.runnerStart);
    const viaClientNode = (await start.early)?.viaClientNode;
    if (viaClientNode) log.debug({ reason: viaClientNode }, EVENTS.runnerStartUpViaClientNode);
    try {
      // Leftovers of a runner that died hard: removed before this run adds its own (from the list main.ts requested).
      const early = (await start.listFor(kube.server, appNamespace))?.policies;
      const policies = early?.catch((error: unknown) => Promise.reject(adoptApiException(error)));
      const swept = await sweepFaults(kube, { namespaces: [appNamespace], logger: log, policies });
      log.info({ deletedPolicies: swept.deletedPolicies, removedLabels: swept.removedLabels, removedHelpers: swept.removedHelpers }, EVENTS.sweep);
    } catch (error) {
      log.warn({ err: error, note: 'continuing: the sweeper CronJob retries' }, EVENTS.sweepFailed);
    }
    const { scenario, file } = await loadScenario(env.scenario);
    scenarioName = scenario.name;
    log.debug({ file }, EVENTS.scenarioLoaded);
    result = await runScenario({
      scenario,
      engine,
      config: {
        apiUrl: env.apiUrl,
        frontendUrl: env.frontendUrl,
        appNamespace,
        envTimeoutSeconds: env.timeoutSeconds,
        ...(env.job ? { job: env.job } : {}),
        ...(env.podName ? { podName: env.podName } : {}),
      },
      env: process.env,
      logger: log,
      stop: stop.signal,
    });
  } catch (error) {
    result = earlyResult(scenarioName, startedAt, errorMessage(error), stop.signal.aborted ? String(stop.signal.reason) : undefined);
  }
  await engine?.release();
  emitResult(log, result);
  writeTermination(env.terminationLog, result, log);
  return exitCodeFor(result);
}
