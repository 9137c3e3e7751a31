// One run of a scenario as `run-incluster results` reports it, built from its Job, its pod's termination message
// and, when that is missing, the scenario.result record in its log. Pure: the reading is in read-runs.ts.
import { EVENTS } from '../../../contract/events.ts';
import type { V1Job, V1JobCondition, V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { parseRecord } from '../../common/render-log.ts';
import { LABEL_SCENARIO } from '../job-spec.ts';

/** passed/failed/error as the runner decided; running while the Job has not finished. */
export type RunStatus = 'passed' | 'failed' | 'error' | 'running';
/** Where the status came from, best first: the runner's own summary, its log, the pod, or only the Job. */
export type RunSource = 'termination-message' | 'log' | 'pod' | 'job';
/** A metric as the termination summary carries it (objects and lists stay in the full log record). */
export type ScalarMetric = number | string | boolean | null;

/** One run; the JSON output's field names (stable). */
export interface RunRecord {
  job: string;
  namespace: string;
  scenario: string;
  /** The CronJob that started the run, or null for a one-off `run-incluster` run. */
  cronJob: string | null;
  /** The time the CronJob scheduled it (Kubernetes ≥ 1.28 records it), or null. */
  scheduledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  status: RunStatus;
  /** The runner container's exit code: 0 passed, 1 failed, 2 error, 143/130 stopped; null while running or when the pod is gone. */
  exitCode: number | null;
  endedBy: string | null;
  reason: string | null;
  metrics: Record<string, ScalarMetric>;
  source: RunSource;
}

// The runner's summary is input from a pod: validate it, keep unknown fields out of the record.
const runnerSummary = z.object({
  scenario: z.string().optional(),
  status: z.enum(['passed', 'failed', 'error']),
  endedBy: z.string().optional(),
  reason: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
});
/** The fields of a runner result (termination summary or scenario.result log record) a run record uses. */
export type RunnerSummary = z.output<typeof runnerSummary>;

const parseSummary = (value: unknown): RunnerSummary | undefined => {
  const parsed = runnerSummary.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/** The runner container's terminated state, if it has ended. */
export const runnerTerminated = (pod: V1Pod | undefined) => pod?.status?.containerStatuses?.find((s) => s.name === 'runner')?.state?.terminated;

/** The summary the runner wrote to its termination message, or undefined (not ended, killed, not our JSON). */
export function summaryFromPod(pod: V1Pod | undefined): RunnerSummary | undefined {
  const message = runnerTerminated(pod)?.message;
  if (!message) return undefined;
  try {
    return parseSummary(JSON.parse(message));
  } catch {
    return undefined; // the runtime's own text, e.g. a panic
  }
}

/** The last scenario.result record in a log text (NDJSON; other lines ignored). */
export function summaryFromLog(text: string): RunnerSummary | undefined {
  let found: RunnerSummary | undefined;
  for (const line of text.split('\n')) {
    const record = parseRecord(line);
    if (record?.msg === EVENTS.scenarioResult) found = parseSummary(record) ?? found;
  }
  return found;
}

/** True when only the log can tell how the run ended: the container ended without a readable summary. */
export const needsLog = (pod: V1Pod | undefined): boolean => !!runnerTerminated(pod) && !summaryFromPod(pod);

const iso = (value: Date | string | undefined | null): string | null => {
  if (value === undefined || value === null) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

const condition = (job: V1Job, type: 'Complete' | 'Failed'): V1JobCondition | undefined =>
  job.status?.conditions?.find((c) => c.type === type && c.status === 'True');

const scalars = (metrics: Record<string, unknown> | undefined): Record<string, ScalarMetric> =>
  Object.fromEntries(
    Object.entries(metrics ?? {}).filter((e): e is [string, ScalarMetric] => e[1] === null || ['number', 'string', 'boolean'].includes(typeof e[1])),
  );

type Outcome = Pick<RunRecord, 'status' | 'exitCode' | 'endedBy' | 'reason' | 'metrics' | 'source'> & { summary?: RunnerSummary };

// best evidence first: the runner's own verdict, then what the pod and the Job say about a run that left none
function outcome(job: V1Job, pod: V1Pod | undefined, logSummary: RunnerSummary | undefined): Outcome {
  const terminated = runnerTerminated(pod);
  const exitCode = terminated?.exitCode ?? null;
  const fromMessage = summaryFromPod(pod);
  const summary = fromMessage ?? logSummary;
  if (summary) {
    const source = fromMessage ? 'termination-message' : 'log';
    return {
      status: summary.status,
      exitCode,
      endedBy: summary.endedBy ?? null,
      reason: summary.reason ?? null,
      metrics: scalars(summary.metrics),
      source,
      summary,
    };
  }
  const none = { endedBy: null, metrics: {} };
  if (terminated) {
    const why = [terminated.reason, terminated.message?.trim().slice(0, 200)].filter(Boolean).join(': ');
    return { ...none, status: 'error', exitCode, reason: `the runner ended (exit ${exitCode}${why ? `, ${why}` : ''}) without a result record`, source: 'pod' };
  }
  const complete = condition(job, 'Complete');
  if (complete) return { ...none, status: 'passed', exitCode: null, reason: 'the pod is gone; the Job completed', source: 'job' };
  const failed = condition(job, 'Failed');
  if (failed) {
    // the runner stops itself at its timeout; a Job past its deadline means the runner hung or never started
    const status = failed.reason === 'DeadlineExceeded' ? 'error' : 'failed';
    const why = [failed.reason, failed.message].filter(Boolean).join(': ');
    return { ...none, status, exitCode: null, reason: `the Job failed (${why || 'no reason given'}); its pod and result are gone`, source: 'job' };
  }
  const waiting = pod?.status?.containerStatuses?.find((s) => s.name === 'runner')?.state?.waiting;
  const reason = waiting ? `waiting: ${waiting.reason ?? 'unknown'}${waiting.message ? ` (${waiting.message.slice(0, 200)})` : ''}` : pod ? null : 'no pod yet';
  return { ...none, status: 'running', exitCode: null, reason, source: pod ? 'pod' : 'job' };
}

/** Builds the record of one run; `now` dates a running run's duration. */
export function runRecord(job: V1Job, pod: V1Pod | undefined, logSummary: RunnerSummary | undefined, now: Date): RunRecord {
  const { summary, ...result } = outcome(job, pod, logSummary);
  const cronOwner = job.metadata?.ownerReferences?.find((o) => o.kind === 'CronJob');
  const startedAt = summary?.startedAt ?? iso(job.status?.startTime) ?? iso(job.metadata?.creationTimestamp);
  const finishedAt =
    result.status === 'running'
      ? null
      : (summary?.finishedAt ?? iso(job.status?.completionTime) ?? iso(condition(job, 'Failed')?.lastTransitionTime) ?? iso(runnerTerminated(pod)?.finishedAt));
  const span = (from: string | null, to: string | null) => (from && to ? Math.max(0, Date.parse(to) - Date.parse(from)) : null);
  const durationMs = summary?.durationMs ?? span(startedAt, result.status === 'running' ? now.toISOString() : finishedAt);
  return {
    job: job.metadata?.name ?? '',
    namespace: job.metadata?.namespace ?? '',
    scenario: job.metadata?.labels?.[LABEL_SCENARIO] ?? summary?.scenario ?? 'unknown',
    cronJob: cronOwner?.name ?? null,
    scheduledAt: iso(job.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']),
    startedAt,
    finishedAt,
    durationMs,
    // spelled out so the JSON fields keep one order whichever source decided
    status: result.status,
    exitCode: result.exitCode,
    endedBy: result.endedBy,
    reason: result.reason,
    metrics: result.metrics,
    source: result.source,
  };
}
