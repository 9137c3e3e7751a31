import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cronProblem } from '../../runner/cli/incluster/cron.ts';

describe('cron schedule validation', () => {
  test('accepts what Kubernetes accepts', () => {
    for (const ok of ['*/5 * * * *', '0 3 * * 1-5', '15,45 */2 1 jan-mar mon', '@hourly', '0 0 1 12 7', '0-59/15 * ? * *']) {
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
