// The results table and JSON: what a reader sees first, aligned columns, stable JSON field names.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatDuration, keyMetrics, resultsJson, resultsTable } from '../../../runner/cli/incluster/results/format.ts';
import type { RunRecord } from '../../../runner/cli/incluster/results/record.ts';

const run = (over: Partial<RunRecord> = {}): RunRecord => ({
  job: 'netpart-worker-nats-29412720',
  namespace: 'dynamo',
  scenario: 'worker-nats',
  cronJob: 'netpart-worker-nats',
  scheduledAt: '2026-11-30T12:00:00.000Z',
  startedAt: '2026-11-30T12:00:02.000Z',
  finishedAt: '2026-11-30T12:01:07.500Z',
  durationMs: 65_500,
  status: 'passed',
  exitCode: 0,
  endedBy: 'completed',
  reason: null,
  metrics: { timeToRecoverSeconds: 4.2, availabilityDuringFault: 0.98765, zeta: 'a b', alpha: true, blockedPods: 1 },
  source: 'termination-message',
  ...over,
});

// strip ANSI colours to compare layout
// eslint-disable-next-line no-control-regex -- strips ANSI colour codes, which start with ESC
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('results format', () => {
  test('durations read at a glance', () => {
    assert.deepEqual([0, 850, 42_400, 185_000, 7_620_000].map(formatDuration), ['0ms', '850ms', '42s', '3m05s', '2h07m']);
    assert.equal(formatDuration(null), '-');
  });

  test('key metrics come first, values are short, the rest is counted', () => {
    assert.equal(keyMetrics(run().metrics), 'availabilityDuringFault=0.9877 timeToRecoverSeconds=4.2 alpha=true (+2)');
    assert.equal(keyMetrics({ note: 'two words' }), 'note="two words"');
    assert.equal(keyMetrics({}), '-');
  });

  test('the table: one aligned row per run, the trigger, and a REASON column only when a run did not pass', () => {
    const passed = resultsTable([run(), run({ cronJob: null, job: 'netpart-e2e-abcde', scenario: 'e2e', metrics: {} })]);
    const lines = passed.split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^STARTED +SCENARIO +TRIGGER +RESULT +EXIT +DURATION +JOB +METRICS$/);
    assert.match(
      lines[1]!,
      /^2026-11-30 12:00:02Z +worker-nats +cronjob\/netpart-worker-nats +passed +0 +1m06s +netpart-worker-nats-29412720 +availabilityDuringFault=/,
    );
    assert.match(lines[2]!, / one-off +passed .* -$/);
    const col = lines[0]!.indexOf('RESULT');
    assert.ok(lines.slice(1).every((l) => l.slice(col).startsWith('passed')));

    const failed = resultsTable([
      run({ status: 'failed', exitCode: 1, reason: 'availability\n0.6 < 0.95' }),
      run({ status: 'running', exitCode: null, durationMs: null, reason: null }),
    ]);
    assert.match(failed.split('\n')[0]!, / METRICS +REASON$/);
    assert.match(failed, /failed +1 .* availability 0\.6 < 0\.95$/m);
    assert.match(failed, /running +- +- .* -$/m);
  });

  test('colour does not move a column', () => {
    const records = [run(), run({ status: 'failed', exitCode: 1, reason: 'x' }), run({ status: 'running', exitCode: null })];
    const coloured = resultsTable(records, true);
    assert.equal(plain(coloured), resultsTable(records, false));
  });

  test('JSON carries every run with stable field names and round-trips', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('passed', 'failed', 'error', 'running') as fc.Arbitrary<RunRecord['status']>, { maxLength: 5 }), (statuses) => {
        const records = statuses.map((status, i) => run({ status, job: `j-${i}` }));
        const parsed = JSON.parse(resultsJson('dynamo', null, records)) as { namespace: string; scenario: null; runs: RunRecord[] };
        return parsed.namespace === 'dynamo' && parsed.scenario === null && JSON.stringify(parsed.runs) === JSON.stringify(records);
      }),
    );
    const keys = Object.keys((JSON.parse(resultsJson('dynamo', 'worker-nats', [run()])) as { runs: object[] }).runs[0]!);
    assert.deepEqual(keys, [
      'job',
      'namespace',
      'scenario',
      'cronJob',
      'scheduledAt',
      'startedAt',
      'finishedAt',
      'durationMs',
      'status',
      'exitCode',
      'endedBy',
      'reason',
      'metrics',
      'source',
    ]);
  });
});
