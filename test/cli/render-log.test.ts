import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { isUserErrorType, parseRecord, renderLine, renderRecord } from '../../runner/cli/common/render-log.ts';
import { createCliLogger } from '../../runner/cli/common/pretty-logger.ts';
import { KubeRequestError, ValidationError } from '../../runner/util/errors.ts';

const TIME = '2026-01-02T03:04:05.678Z';
// eslint-disable-next-line no-control-regex
const stripColour = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

function collect(): { destination: Writable; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { destination, text: () => chunks.join('') };
}

describe('log rendering (pino-pretty)', () => {
  test('an NDJSON record becomes one line: [time] LEVEL: event {fields}', () => {
    const line = JSON.stringify({ level: 'info', time: TIME, name: 'netpart', msg: 'step.end', step: 'inject', status: 'passed', durationMs: 12 });
    assert.equal(renderLine(line, false), '[03:04:05.678] INFO: step.end {"step":"inject","status":"passed","durationMs":12}');
  });

  test('the fault id and an error message string stay on the line', () => {
    const out = renderRecord({ level: 'error', time: TIME, msg: 'fault.recover_failed', faultId: 'abc123', error: 'policies "x" is forbidden' }, false);
    assert.equal(out, '[03:04:05.678] ERROR: fault.recover_failed {"faultId":"abc123","error":"policies \\"x\\" is forbidden"}');
  });

  test("the result's request timeline shows as totals, not as thousands of samples", () => {
    const samples = Array.from({ length: 500 }, (_, t) => ({ t, ok: true, ms: 1 }));
    const out = renderRecord({ level: 'info', time: TIME, msg: 'scenario.result', status: 'passed', requests: { total: 501, failed: 1, samples } }, false);
    assert.equal(
      out,
      '[03:04:05.678] INFO: scenario.result {"status":"passed","requests":{"total":501,"failed":1,"samples":"500 (drawn by --report / fault-inject report)"}}',
    );
    const other = renderRecord({ level: 'info', time: TIME, msg: 'metric', requests: { samples: [1] } }, false);
    assert.match(other, /"requests":\{"samples":\[1\]\}/, 'only the result record is shortened');
  });

  test('colour adds escapes but keeps the text', () => {
    const line = JSON.stringify({ level: 'error', time: TIME, msg: 'fault.injected', faultId: 'abc123' });
    const coloured = renderLine(line, true);
    assert.notEqual(coloured, renderLine(line, false));
    assert.equal(stripColour(coloured), renderLine(line, false));
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

  test("netpart's named errors are user errors; JavaScript's own types are bugs", () => {
    for (const type of ['ValidationError', 'RefusedError', 'KubeRequestError', 'ScenarioConfigError']) assert.ok(isUserErrorType(type), type);
    for (const type of ['Error', 'TypeError', 'RangeError', 'ApiException', undefined, 42]) assert.ok(!isUserErrorType(type), String(type));
  });
});

describe('CLI logger', () => {
  test('a user error shows its message without a stack; a bug shows its stack and cause', () => {
    const out = collect();
    const log = createCliLogger({ color: false, destination: out.destination });
    log.warn({ faultId: 'f1', err: new ValidationError('duration: "soon" is not a duration', ['duration']) }, 'fault.refused');
    log.error({ faultId: 'f2', err: new KubeRequestError('networkpolicies is forbidden', 403) }, 'fault.recover_failed');
    log.error({ faultId: 'f3', err: new TypeError('cannot read x', { cause: new Error('root cause') }) }, 'fault.expiry-recover-failed');
    const lines = out.text().split('\n');
    assert.match(lines[0]!, /^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: fault\.refused \{"faultId":"f1"\}$/);
    assert.equal(lines[1], '    err: ValidationError: duration: "soon" is not a duration');
    assert.match(lines[2]!, /ERROR: fault\.recover_failed \{"faultId":"f2"\}$/);
    assert.equal(lines[3], '    err: KubeRequestError: networkpolicies is forbidden');
    assert.match(lines[4]!, /ERROR: fault\.expiry-recover-failed \{"faultId":"f3"\}$/);
    assert.equal(lines[5], '    err: TypeError: cannot read x');
    assert.match(lines[6]!, /^ {8}at .*render-log\.test\.ts/, 'the stack follows, indented');
    assert.match(out.text(), /caused by: Error: root cause/);
  });

  test('lines are written before log() returns (none lost when the CLI exits right after)', () => {
    const out = collect();
    createCliLogger({ color: false, destination: out.destination }).info({ faultId: 'f1' }, 'fault.injected');
    assert.match(out.text(), /INFO: fault\.injected \{"faultId":"f1"\}\n$/);
  });

  test('the level filter holds (debug is hidden at info)', () => {
    const out = collect();
    const log = createCliLogger({ color: false, level: 'info', destination: out.destination });
    log.debug('hidden');
    log.info('shown');
    assert.doesNotMatch(out.text(), /hidden/);
    assert.match(out.text(), /INFO: shown/);
  });
});
