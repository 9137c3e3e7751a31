import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseRecord, renderLine, renderRecord } from '../../runner/cli/common/render-log.ts';

describe('log rendering', () => {
  test('an NDJSON record becomes `time level msg key=val`', () => {
    const line = JSON.stringify({ level: 'info', time: '2026-01-02T03:04:05.678Z', msg: 'step.end', step: 'inject', status: 'passed', durationMs: 12 });
    assert.equal(renderLine(line, false), '03:04:05.678 info  step.end step=inject status=passed durationMs=12');
  });

  test('values with spaces are quoted and objects are JSON', () => {
    const out = renderRecord({ level: 'warn', time: '2026-01-02T03:04:05.678Z', msg: 'check', details: { a: 1 }, note: 'two words' }, false);
    assert.equal(out, '03:04:05.678 warn  check details={"a":1} note="two words"');
  });

  test("the result's request timeline shows as totals, not as thousands of samples", () => {
    const samples = Array.from({ length: 500 }, (_, t) => ({ t, ok: true, ms: 1 }));
    const out = renderRecord(
      { level: 'info', time: '2026-01-02T03:04:05.678Z', msg: 'scenario.result', status: 'passed', requests: { total: 501, failed: 1, samples } },
      false,
    );
    assert.equal(
      out,
      '03:04:05.678 info  scenario.result status=passed requests={"total":501,"failed":1,"samples":"500 (drawn by --report / fault-inject report)"}',
    );
    const other = renderRecord({ level: 'info', time: '2026-01-02T03:04:05.678Z', msg: 'metric', requests: { samples: [1] } }, false);
    assert.match(other, /requests=\{"samples":\[1\]\}/, 'only the result record is shortened');
  });

  test('colour adds escapes but keeps the text', () => {
    const line = JSON.stringify({ level: 'error', time: '2026-01-02T03:04:05.678Z', msg: 'fault.injected', faultId: 'abc123' });
    // eslint-disable-next-line no-control-regex
    const stripped = renderLine(line, true).replace(/\x1b\[[0-9;]*m/g, '');
    assert.equal(stripped, renderLine(line, false));
  });

  test('non-JSON lines pass through unchanged', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const line = text.replace(/\n/g, ' ');
        return parseRecord(line) !== undefined || renderLine(line, false) === line;
      }),
    );
    assert.equal(renderLine('[1,2]', false), '[1,2]');
    assert.equal(renderLine('{broken', false), '{broken');
  });
});
