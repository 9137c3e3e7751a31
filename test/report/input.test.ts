// Reading a report's input: a result JSON (compact or pretty), a runner NDJSON log (events taken from it), and
// inputs that are not usable, each refused naming what is wrong and what to pass instead.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ReportInputError } from '../../runner/report/errors.ts';
import { parseReportText } from '../../runner/report/input.ts';
import { buildTimeline } from '../../runner/report/timeline.ts';
import { sampleResult } from './fixtures.ts';

const refused = (text: string, pattern: RegExp) =>
  assert.throws(
    () => parseReportText(text, 'run.log'),
    (error: unknown) => {
      assert.ok(error instanceof ReportInputError, String(error));
      assert.match(error.message, pattern);
      assert.equal(error.path, 'run.log');
      return true;
    },
  );

describe('parseReportText', () => {
  test('a result record, compact or pretty-printed, with or without the log line fields', () => {
    const result = sampleResult();
    for (const text of [
      JSON.stringify(result),
      JSON.stringify(result, null, 2),
      JSON.stringify({ level: 'info', time: 'x', msg: 'scenario.result', ...result }),
    ]) {
      const input = parseReportText(text, 'r.json');
      assert.equal(input.result.scenario, 'worker-nats');
      assert.equal(input.result.requests?.total, result.requests!.total);
      assert.deepEqual(input.events, []);
    }
  });

  test('a runner log: the last result record, and step/check lines as events placing what the record lacks', () => {
    const result = sampleResult();
    const steps = result.steps.map(({ startedAt: _dropped, ...step }) => step);
    const lines = [
      'a plain text line the kubelet added',
      { level: 'info', time: '2026-03-01T10:00:00.000Z', msg: 'runner.start' },
      ...result.steps.map((s) => ({ level: 'info', time: s.startedAt, msg: 'step.start', step: s.name })),
      { level: 'info', time: '2026-03-01T10:00:30.950Z', msg: 'check', name: 'availability after the detection window', ok: true },
      { level: 'info', time: '2026-03-01T10:00:30.951Z', msg: 'check', name: 'time to recover (s)', ok: false },
      { level: 'info', time: '2026-03-01T10:00:32.000Z', msg: 'scenario.result', ...result, steps },
    ].map((l) => (typeof l === 'string' ? l : JSON.stringify(l)));
    const input = parseReportText(lines.join('\n'), 'run.log');
    assert.equal(input.events.filter((e) => e.msg === 'step.start').length, result.steps.length);
    const timeline = buildTimeline(input);
    assert.deepEqual(
      timeline.steps.map((s) => s.from),
      [100, 1600, 9000, 9800, 29_000, 29_300, 30_900],
    );
    assert.deepEqual(
      timeline.marks.filter((m) => m.kind === 'check').map((m) => [m.at, m.ok]),
      [
        [30_950, true],
        [30_951, false],
      ],
    );
  });

  test('unusable inputs say what they are and what to pass', () => {
    refused('  \n', /the file is empty; pass a result JSON or a runner log/);
    refused('12:00:01 info step.start step=x\n12:00:02 info step.end', /no JSON lines: this looks like text output; rerun with run-incluster -o json/);
    refused(
      [
        { time: 't', msg: 'step.start' },
        { time: 't', msg: 'step.end' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
      /2 log records but no "scenario.result" record/,
    );
    refused(JSON.stringify({ time: 't', msg: 'runner.start' }), /msg "runner.start"\) and no scenario.result record/);
    refused(JSON.stringify({ ...sampleResult(), status: 'done' }), /not a scenario.result record: field status: .*Pass the result JSON/);
    refused(JSON.stringify({ status: 'passed' }), /field scenario:/);
    refused(JSON.stringify({ ...sampleResult(), requests: { total: 1, failed: 0, samples: [{ t: 'x' }] } }), /field requests\.samples\.0\.t:/);
  });
});
