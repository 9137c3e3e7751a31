import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cronProblem } from '../../runner/cli/incluster/cron.ts';

describe('cron schedule validation', () => {
  test('accepts what Kubernetes accepts', () => {
    for (const ok of [
      '*/5 * * * *',
      '0 3 * * 1-5',
      '15,45 */2 1 jan-mar mon',
      '@hourly',
      '0 0 1 12 7',
      '0-59/15 * ? * *',
      '5/15 * * * *',
      ' 0 4 * * MON-FRI ',
    ]) {
      assert.equal(cronProblem(ok), undefined, ok);
    }
  });

  test('names what is wrong', () => {
    assert.match(cronProblem('* * *')!, /expected 5 fields/);
    assert.match(cronProblem('61 * * * *')!, /minute "61" is out of range 0-59/);
    assert.match(cronProblem('* 24 * * *')!, /hour/);
    assert.match(cronProblem('*/0 * * * *')!, /step/);
    assert.match(cronProblem('5-1 * * * *')!, /backwards/);
    assert.match(cronProblem('@sometimes')!, /unknown macro/);
    assert.match(cronProblem('TZ=UTC 0 * * * *')!, /timeZone/);
    assert.match(cronProblem('0 0 * * * *')!, /expected 5 fields .*got 6/, 'no seconds field, as Kubernetes');
    assert.match(cronProblem('0 0 0 * *')!, /^day of month "0" is out of range 1-31$/);
    assert.match(cronProblem('0 0 * 13 *')!, /^month "13" is out of range 1-12/);
    assert.match(cronProblem('0 0 * jam *')!, /^month "jam" is not a value/);
    assert.match(cronProblem('0 0 * * 7-1')!, /^day of week "7-1" is a range that runs backwards/);
  });

  test('an invalid value in any one field is reported for that field, with its text', () => {
    const names = ['minute', 'hour', 'day of month', 'month', 'day of week'];
    const bad = fc.constantFrom('99', 'x', '1-2-3', '*/0', '', '5-1,,');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), bad, (i, value) => {
        const fields = ['*', '*', '*', '*', '*'];
        fields[i] = value === '' ? '1,,2' : value;
        const problem = cronProblem(fields.join(' '));
        assert.ok(problem?.startsWith(`${names[i]!} "${fields[i]}" `), `${fields.join(' ')}: ${problem}`);
      }),
    );
  });

  test('any in-range numeric schedule is accepted, any out-of-range minute refused', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 7 }),
        (m, h, d, mo, w) => cronProblem(`${m} ${h} ${d} ${mo} ${w}`) === undefined,
      ),
    );
    fc.assert(fc.property(fc.integer({ min: 60, max: 10_000 }), (m) => cronProblem(`${m} * * * *`) !== undefined));
  });
});
