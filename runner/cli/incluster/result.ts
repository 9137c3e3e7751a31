// Decides run-incluster's outcome from the scenario.result record (or the termination message) and writes JUnit XML.
import type { V1Pod } from '@kubernetes/client-node';
import junitDefault, { type Builder } from 'junit-report-builder';
import type { LogRecord } from '../common/render-log.ts';
import { EVENTS } from '../../contract/events.ts';
import { RESULT_STATUSES, type ResultSummary } from '../../contract/result.ts';

// the package is CommonJS with an `export default` typing: Node hands us module.exports, TypeScript expects `.default`
const junitRoot: Builder = (junitDefault as unknown as { default?: Builder }).default ?? (junitDefault as unknown as Builder);

const STATUSES = new Set<string>(RESULT_STATUSES);

/** True for a record that is the runner's final result. */
export function isResultRecord(record: LogRecord | Record<string, unknown> | undefined): record is Record<string, unknown> & ResultSummary {
  return !!record && record.msg === EVENTS.scenarioResult && typeof record.status === 'string' && STATUSES.has(record.status);
}

/** The result from the container's termination message (≤ 4 KiB JSON summary), when the log stream was lost. */
export function resultFromPod(pod: V1Pod | undefined): ResultSummary | undefined {
  const terminated = pod?.status?.containerStatuses?.find((s) => s.name === 'runner')?.state?.terminated;
  if (!terminated?.message) return undefined;
  try {
    const parsed: unknown = JSON.parse(terminated.message);
    const record = parsed as Record<string, unknown> | null;
    if (record && typeof record === 'object' && typeof record.status === 'string' && STATUSES.has(record.status)) {
      return { scenario: typeof record.scenario === 'string' ? record.scenario : 'unknown', ...(record as object) } as ResultSummary;
    }
  } catch {
    // not our summary (e.g. the runtime's own message); fall through
  }
  return undefined;
}

/** A result for a run that never produced one (pod stuck, killed, log lost): reported as an error. */
export function missingResult(scenario: string, reason: string): ResultSummary {
  return { scenario, status: 'error', reason, endedBy: 'error', steps: [] };
}

/** JUnit XML: one testsuite per scenario, one testcase per step; failed steps carry their message. */
export function junitXml(result: ResultSummary): string {
  const builder = junitRoot.newBuilder();
  const suite = builder
    .testSuite()
    .name(result.scenario)
    .time((result.durationMs ?? 0) / 1000);
  const steps = result.steps ?? [];
  for (const step of steps) {
    const testCase = suite
      .testCase()
      .className(result.scenario)
      .name(step.name)
      .time((step.durationMs ?? 0) / 1000);
    if (step.status === 'failed') testCase.failure(step.error ?? 'step failed');
    else if (step.status === 'error') testCase.error(step.error ?? 'step errored');
    else if (step.status === 'skipped') testCase.skipped();
  }
  // a scenario can fail outside any step (setup, deadline, SIGTERM): keep that visible in CI
  const stepFailed = steps.some((s) => s.status === 'failed' || s.status === 'error');
  if (result.status !== 'passed' && !stepFailed) {
    const testCase = suite.testCase().className(result.scenario).name('scenario');
    const message = `${result.reason ?? result.status}${result.endedBy ? ` (ended by ${result.endedBy})` : ''}`;
    if (result.status === 'failed') testCase.failure(message);
    else testCase.error(message);
  } else if (steps.length === 0) {
    suite.testCase().className(result.scenario).name('scenario');
  }
  return builder.build();
}

/** A short human summary line for the end of a text-mode run. */
export function summaryLine(result: ResultSummary): string {
  const steps = result.steps ?? [];
  const failed = steps.filter((s) => s.status !== 'passed' && s.status !== 'skipped').length;
  const seconds = result.durationMs !== undefined ? ` in ${(result.durationMs / 1000).toFixed(1)}s` : '';
  return `scenario ${result.scenario} ${result.status.toUpperCase()}${seconds}: ${steps.length} steps, ${failed} not passed${result.reason ? ` — ${result.reason}` : ''}`;
}
