// The arithmetic of re-arming an expiry Job (runner/faults/expiry/rearm.ts, job.ts): its TTL never fires before the new expiry.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { earliestFinishOf, ttlSecondsFrom } from '../../../runner/faults/expiry/job.ts';
import { finishTimeOf } from '../../../runner/faults/expiry/rearm.ts';

describe('re-arming an expiry Job', () => {
  test('a new Job finishes no earlier than the start of its creation second', () => {
    assert.equal(earliestFinishOf(new Date('2026-12-01T10:00:00.700Z')), Date.parse('2026-12-01T10:00:00Z'));
  });

  test('property: the TTL fires at the expiry or less than 2 s after it (finish in the creation second or the next), never before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }), fc.nat({ max: 999 }), fc.integer({ min: 0, max: 7_200_000 }), (sec, ms, ahead) => {
        const countsFrom = earliestFinishOf(new Date(sec * 1000 + ms));
        const expiresAt = sec * 1000 + ms + ahead;
        const ttl = ttlSecondsFrom(countsFrom, expiresAt);
        // The API server stores the finish time to the second: the creation second, or the next one.
        for (const finishedAt of [countsFrom, countsFrom + 1000]) {
          const fires = finishedAt + ttl * 1000;
          assert.ok(fires >= expiresAt, 'never early');
          assert.ok(fires - expiresAt < 2000, 'late by less than the rounding and the finish range');
        }
      }),
    );
    assert.equal(ttlSecondsFrom(10_000, 5_000), 0, 'an expiry in the past fires at once');
  });

  test('the finish time is the Complete (or Failed) condition the TTL controller counts from', () => {
    const at = '2026-12-01T10:00:01Z';
    assert.equal(
      finishTimeOf({
        status: {
          conditions: [
            { type: 'SuccessCriteriaMet', status: 'True', lastTransitionTime: new Date(0) },
            { type: 'Complete', status: 'True', lastTransitionTime: at as unknown as Date },
          ],
        },
      }),
      Date.parse(at),
    );
    assert.equal(finishTimeOf({ status: { conditions: [{ type: 'Complete', status: 'False' }] } }), undefined);
    assert.equal(finishTimeOf({}), undefined);
  });
});
