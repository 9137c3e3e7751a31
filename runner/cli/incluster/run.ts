// run-incluster's flow: build the objects, print or submit them, follow the pod, and turn its result into an exit code.
import { POLL_DEFAULTS, pollUntil } from '../../util/poll.ts';
import { EVENTS } from '../../contract/events.ts';
import { writeFileSync } from 'node:fs';
import type { V1Pod } from '@kubernetes/client-node';
import pc from 'picocolors';
import { stringify } from 'yaml';
import { connectKube, type Kube } from '../../kube/client.ts';
import { buildRunnerCronJob, buildRunnerJob, buildScenarioConfigMap, type RunnerJobInput } from './job-spec.ts';
import { bundleScenarioFile } from './bundle-scenario.ts';
import { DEFAULT_IMAGE, generateJobName, parseScenarioArg, type RunInclusterOptions } from './options.ts';
import { applyCronJob, submitJob } from './submit.ts';
import { findJobPod, waitForRunnerPod } from './watch-pod.ts';
import { streamPodLogs } from './stream-logs.ts';
import { exitCodeFor } from '../../contract/exit-codes.ts';
import type { ResultSummary } from '../../contract/result.ts';
import { isResultRecord, junitXml, missingResult, resultFromPod, summaryLine } from './result.ts';
import { cancelJob } from './interrupt.ts';
import { createRunReport } from './report.ts';

/** Where run-incluster writes: stdout carries the scenario's logs, stderr our own progress. */
export interface Terminal {
  out: (line: string) => void;
  err: (line: string) => void;
  color: boolean;
}

const defaultTerminal = (): Terminal => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- isTTY is undefined on a pipe, though typed boolean
  color: !!process.stdout.isTTY && pc.isColorSupported,
});

const containerRunning = (pod: V1Pod | undefined): boolean => !!pod?.status?.containerStatuses?.find((s) => s.name === 'runner')?.state?.running;
const containerTerminated = (pod: V1Pod | undefined) => pod?.status?.containerStatuses?.find((s) => s.name === 'runner')?.state?.terminated;

/** Builds the objects for this invocation: a Job (or CronJob with --schedule) plus the scenario ConfigMap for a file. */
export async function buildObjects(scenarioArg: string, options: RunInclusterOptions, namespace: string) {
  const scenario = parseScenarioArg(scenarioArg);
  const code = scenario.kind === 'file' ? await bundleScenarioFile(scenario.path) : undefined;
  const input: RunnerJobInput = {
    name: generateJobName(scenario.name),
    namespace,
    image: options.image ?? process.env.NETPART_IMAGE ?? DEFAULT_IMAGE,
    scenario: code !== undefined ? { kind: 'file', name: scenario.name, code } : { kind: 'builtin', name: scenario.name },
    timeoutSeconds: options.timeout,
    serviceAccount: options.serviceAccount,
    frontendUrl: options.frontendUrl,
    env: options.env,
    keep: options.keep,
  };
  if (options.schedule) input.name = `netpart-${scenario.name.slice(0, 40)}`.replace(/-+$/, '');
  const configMap = buildScenarioConfigMap(input);
  return {
    input,
    configMap,
    job: options.schedule ? undefined : buildRunnerJob(input),
    cronJob: options.schedule ? buildRunnerCronJob(input, options.schedule, { historyLimit: options.history }) : undefined,
  };
}

/** Namespace from -n, else the kubeconfig context (a dry run without a kubeconfig falls back to "default"). */
function connect(options: RunInclusterOptions): { kube?: Kube; namespace: string } {
  try {
    const kube = connectKube({ kubeconfig: options.kubeconfig, context: options.context });
    return { kube, namespace: options.namespace ?? kube.namespace };
  } catch (error) {
    if (options.dryRun) return { namespace: options.namespace ?? 'default' };
    throw error;
  }
}

/** Runs the whole command and returns the process exit code. */
export async function runIncluster(scenarioArg: string, options: RunInclusterOptions, term: Terminal = defaultTerminal()): Promise<number> {
  const { kube, namespace } = connect(options);
  const objects = await buildObjects(scenarioArg, options, namespace);
  const docs = [objects.configMap, objects.job ?? objects.cronJob].filter((d) => d !== undefined);
  if (options.dryRun) {
    term.out(docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n'));
    return 0;
  }
  if (!kube) throw new Error('no Kubernetes connection');
  if (objects.cronJob) {
    const applied = await applyCronJob(kube, objects.cronJob, objects.configMap);
    const kept = applied.spec?.successfulJobsHistoryLimit;
    term.err(
      `CronJob ${namespace}/${applied.metadata!.name} applied (schedule "${options.schedule}", concurrencyPolicy Forbid, keeps the last ${kept} passed and ${kept} failed runs)`,
    );
    term.err(`its runs: run-incluster results -n ${namespace} ${objects.input.scenario.name}`);
    return 0;
  }
  const job = await submitJob(kube, objects.job!, objects.configMap);
  const jobName = job.metadata!.name!;
  term.err(pc.dim(`Job ${namespace}/${jobName} created (image ${objects.input.image})`));
  return followJob(kube, { namespace, jobName, scenario: objects.input.scenario.name, options, term });
}

async function followJob(
  kube: Kube,
  ctx: { namespace: string; jobName: string; scenario: string; options: RunInclusterOptions; term: Terminal },
): Promise<number> {
  const { namespace, jobName, term, options } = ctx;
  const abort = new AbortController();
  let interrupted: Promise<number> | undefined;
  const faultIds = new Set<string>();
  const report = options.report ? createRunReport(options.report, `Job ${namespace}/${jobName}`) : undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      term.err(pc.red(`${signal} again: not waiting for recovery; check with \`fault-inject list -n ${namespace}\``));
      process.exit(signal === 'SIGTERM' ? 143 : 130);
    }
    term.err(pc.yellow(`${signal}: stopping the scenario (the runner recovers its faults; ${signal} again stops waiting)`));
    // keep streaming: the runner's own recovery records are the best progress report; stop once recovery is confirmed
    interrupted = cancelJob(kube, { namespace, job: jobName, say: term.err, knownFaultIds: faultIds })
      .then((o) => (o.remainingPolicies.length > 0 || o.remainingLabels.length > 0 ? 2 : signal === 'SIGTERM' ? 143 : 130))
      .finally(async () => {
        // The runner prints its result after its recovery (and its last Events): the cluster can look recovered a
        // moment before that line arrives, so the stream stays open for it a little while.
        await pollUntil(() => (result !== undefined || streamEnded ? true : undefined), { intervalMs: 50, timeoutMs: RESULT_AFTER_RECOVERY_MS });
        abort.abort();
      });
  };
  // A stopped run still leaves a result (the runner's, recorded as SIGTERM) worth a report.
  const afterInterrupt = async (stopping: Promise<number>) => {
    const code = await stopping;
    if (report && result) term.err(pc.dim(report.write(result)));
    return code;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: ResultSummary | undefined;
  let streamEnded = false;
  try {
    try {
      const pod = await waitForRunnerPod(kube, { namespace, job: jobName, signal: abort.signal, onProgress: (l) => term.err(pc.dim(l)) });
      const podName = pod.metadata!.name!;
      await streamPodLogs(kube, {
        namespace,
        pod: podName,
        output: options.output,
        color: term.color,
        write: term.out,
        signal: abort.signal,
        onRecord: (record) => {
          if (isResultRecord(record)) result = record;
          report?.onRecord(record);
          if (record.msg === EVENTS.faultInjected && typeof record.faultId === 'string') faultIds.add(record.faultId);
        },
        stillRunning: async () => containerRunning(await findJobPod(kube, namespace, jobName)),
      });
      streamEnded = true;
      result ??= await resultAfterExit(kube, namespace, jobName, abort.signal);
    } catch (error) {
      if (interrupted) return await afterInterrupt(interrupted);
      throw error;
    }
    if (interrupted) return await afterInterrupt(interrupted);
    const final = result ?? missingResult(ctx.scenario, 'the runner ended without a scenario.result record (see the logs above)');
    if (options.junit) writeFileSync(options.junit, junitXml(final));
    if (report) term.err(pc.dim(report.write(final)));
    if (options.output === 'text') {
      const paint = final.status === 'passed' ? pc.green : pc.red;
      term.err(term.color ? paint(summaryLine(final)) : summaryLine(final));
    }
    return exitCodeFor(final);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** How long after recovery is confirmed run-incluster still waits for the runner's result line (for --report). */
const RESULT_AFTER_RECOVERY_MS = 5000;

// the log stream can miss the last record (e.g. a dropped connection): the termination message still has it
async function resultAfterExit(kube: Kube, namespace: string, job: string, signal: AbortSignal): Promise<ResultSummary | undefined> {
  const ended = await pollUntil(
    async () => {
      const pod = await findJobPod(kube, namespace, job);
      return containerTerminated(pod) ? { pod } : undefined;
    },
    { ...POLL_DEFAULTS, signal },
  );
  return ended && resultFromPod(ended.pod);
}
