// Run records from a Job and its pod: the runner's real termination summary and log record go in, as in a cluster.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { needsLog, runRecord, summaryFromLog, summaryFromPod } from '../../../runner/cli/incluster/results/record.ts';
import { terminationSummary, type ScenarioResult } from '../../../runner/scenario/result.ts';

const NOW = new Date('2026-11-30T12:10:00Z');

const result = (over: Partial<ScenarioResult> = {}): ScenarioResult => ({
  scenario: 'worker-nats',
  status: 'failed',
  reason: 'availabilityDuringFault 0.62 < 0.95',
  endedBy: 'assertion',
  startedAt: '2026-11-30T12:00:02.000Z',
  finishedAt: '2026-11-30T12:01:07.500Z',
  durationMs: 65_500,
  steps: [{ name: 'partition', status: 'failed', startedAt: '2026-11-30T12:00:10.000Z', durationMs: 60_000, error: 'x' }],
  faults: [],
  metrics: { availabilityDuringFault: 0.62, timeToRecoverSeconds: 4.2, targetPods: ['w-0'], enforcementProbe: { cut: true } },
  checks: [],
  ...over,
});

const cronJobRun = (over: Partial<V1Job['status']> = {}): V1Job => ({
  metadata: {
    name: 'netpart-worker-nats-29412720',
    namespace: 'dynamo',
    uid: 'job-uid',
    labels: { 'netpart.dev/scenario': 'worker-nats' },
    annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-11-30T12:00:00Z' },
    ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'netpart-worker-nats', uid: 'cron-uid' }],
    creationTimestamp: new Date('2026-11-30T12:00:00Z'),
  },
  status: { startTime: new Date('2026-11-30T12:00:00Z'), ...over },
});

type ContainerState = NonNullable<NonNullable<V1Pod['status']>['containerStatuses']>[number]['state'];
const pod = (state: ContainerState): V1Pod => ({
  metadata: {
    name: 'netpart-worker-nats-29412720-abcde',
    namespace: 'dynamo',
    ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'x', uid: 'job-uid' }],
  },
  status: { containerStatuses: [{ name: 'runner', image: 'i', imageID: '', ready: false, restartCount: 0, state }] },
});
const ended = (exitCode: number, message?: string, reason = 'Error') =>
  pod({ terminated: { exitCode, reason, ...(message !== undefined ? { message } : {}), finishedAt: new Date('2026-11-30T12:01:08Z') } });

describe('run record', () => {
  test("a scheduled run read from the runner's own termination summary: verdict, exit code, scalar metrics, the CronJob", () => {
    const record = runRecord(cronJobRun(), ended(1, terminationSummary(result())), undefined, NOW);
    assert.deepEqual(record, {
      job: 'netpart-worker-nats-29412720',
      namespace: 'dynamo',
      scenario: 'worker-nats',
      cronJob: 'netpart-worker-nats',
      scheduledAt: '2026-11-30T12:00:00.000Z',
      startedAt: '2026-11-30T12:00:02.000Z',
      finishedAt: '2026-11-30T12:01:07.500Z',
      durationMs: 65_500,
      status: 'failed',
      exitCode: 1,
      endedBy: 'assertion',
      reason: 'availabilityDuringFault 0.62 < 0.95',
      metrics: { availabilityDuringFault: 0.62, timeToRecoverSeconds: 4.2 },
      source: 'termination-message',
    });
    assert.equal(needsLog(ended(1, terminationSummary(result()))), false);
  });

  test('a pod that ended without a summary is read from the scenario.result line of its log', () => {
    const noMessage = ended(0, '');
    assert.equal(needsLog(noMessage), true);
    const log = [
      'plain text',
      JSON.stringify({ level: 'info', msg: 'step.end', status: 'failed' }),
      JSON.stringify({ level: 'info', msg: 'scenario.result', ...result({ status: 'passed', reason: undefined }) }),
    ].join('\n');
    const record = runRecord({ ...cronJobRun(), metadata: { ...cronJobRun().metadata, ownerReferences: [] } }, noMessage, summaryFromLog(log), NOW);
    assert.equal(record.status, 'passed');
    assert.equal(record.source, 'log');
    assert.equal(record.cronJob, null);
    assert.equal(record.exitCode, 0);
    assert.deepEqual(record.metrics, { availabilityDuringFault: 0.62, timeToRecoverSeconds: 4.2 });
  });

  test("text that is not the runner's summary is not taken for one", () => {
    assert.equal(summaryFromPod(ended(2, 'panic: runtime error')), undefined);
    assert.equal(summaryFromPod(ended(2, JSON.stringify({ status: 'great' }))), undefined);
    assert.equal(summaryFromLog('{"msg":"scenario.result","status":"maybe"}\n{"msg":"other","status":"passed"}'), undefined);
  });

  test('a runner killed before its result (OOMKilled) is an error naming how it ended', () => {
    const record = runRecord(
      cronJobRun({ failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] }),
      ended(137, undefined, 'OOMKilled'),
      undefined,
      NOW,
    );
    assert.equal(record.status, 'error');
    assert.equal(record.exitCode, 137);
    assert.equal(record.source, 'pod');
    assert.match(record.reason!, /exit 137, OOMKilled.*without a result record/);
  });

  test('with the pod gone only the Job speaks: Complete is passed, a deadline is an error, other failures failed', () => {
    const at = new Date('2026-11-30T12:02:00Z');
    const complete = runRecord(cronJobRun({ completionTime: at, conditions: [{ type: 'Complete', status: 'True' }] }), undefined, undefined, NOW);
    assert.deepEqual([complete.status, complete.source, complete.exitCode, complete.durationMs], ['passed', 'job', null, 120_000]);
    const deadline = runRecord(
      cronJobRun({ conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', lastTransitionTime: at }] }),
      undefined,
      undefined,
      NOW,
    );
    assert.deepEqual([deadline.status, deadline.finishedAt], ['error', at.toISOString()]);
    assert.match(deadline.reason!, /DeadlineExceeded/);
    const failed = runRecord(cronJobRun({ conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] }), undefined, undefined, NOW);
    assert.equal(failed.status, 'failed');
  });

  test('a run still going is running, timed to now, and says what its pod waits for', () => {
    const record = runRecord(cronJobRun({ active: 1 }), pod({ waiting: { reason: 'ImagePullBackOff', message: 'pull access denied' } }), undefined, NOW);
    assert.deepEqual([record.status, record.exitCode, record.finishedAt, record.durationMs], ['running', null, null, 600_000]);
    assert.equal(record.reason, 'waiting: ImagePullBackOff (pull access denied)');
    assert.equal(runRecord(cronJobRun({ active: 1 }), undefined, undefined, NOW).reason, 'no pod yet');
  });

  test('every record has the same fields in the same order, whichever source decided (the JSON output is stable)', () => {
    const keys = (r: object) => Object.keys(r).join(',');
    const fromSummary = runRecord(cronJobRun(), ended(1, terminationSummary(result())), undefined, NOW);
    const fromJob = runRecord(cronJobRun({ conditions: [{ type: 'Complete', status: 'True' }] }), undefined, undefined, NOW);
    const running = runRecord(cronJobRun({ active: 1 }), undefined, undefined, NOW);
    assert.equal(keys(fromJob), keys(fromSummary));
    assert.equal(keys(running), keys(fromSummary));
  });

  test('property: whatever the runner concluded, the record says the same (status, reason, duration, numeric metrics; -0 is 0 in JSON)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('passed', 'failed', 'error'),
        fc.option(fc.string({ maxLength: 2000 }), { nil: undefined }),
        fc.nat({ max: 86_400_000 }),
        fc.dictionary(fc.stringMatching(/^[a-z][A-Za-z0-9]{0,20}$/), fc.double({ noNaN: true, noDefaultInfinity: true }), { maxKeys: 8 }),
        (status, reason, durationMs, metrics) => {
          const summary = terminationSummary(result({ status, reason, durationMs, metrics }));
          const record = runRecord(cronJobRun(), ended(status === 'passed' ? 0 : 1, summary), undefined, NOW);
          const truncated = (JSON.parse(summary) as { truncated?: boolean }).truncated;
          return (
            record.status === status &&
            record.durationMs === durationMs &&
            (reason === undefined ? record.reason === null : reason.startsWith(record.reason!.replace(/…$/, ''))) &&
            (truncated || Object.entries(metrics).every(([k, v]) => record.metrics[k] === v))
          );
        },
      ),
    );
  });
});
