// activeDeadlineSeconds: counted from the pod's startTime, fires once, re-armed when the spec changes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeadlineTimer, msUntilDeadline } from '../../../testbed/agent/deadline.ts';

describe('activeDeadlineSeconds', () => {
  test('time left from startTime; 0 once past; none without a deadline', () => {
    const start = new Date('2030-01-01T00:00:00Z');
    assert.equal(msUntilDeadline(start, 30, new Date('2030-01-01T00:00:10Z')), 20_000);
    assert.equal(msUntilDeadline(start, 5, new Date('2030-01-01T00:00:10Z')), 0);
    assert.equal(msUntilDeadline(start, undefined, new Date()), undefined);
  });

  test('the timer fires once when due; re-arming replaces the earlier deadline; cancel stops it', async () => {
    let fired = 0;
    const timer = new DeadlineTimer(() => fired++);
    timer.arm(new Date(), 3600);
    timer.arm(new Date(Date.now() - 10_000), 10); // the spec shortened it: already due
    await sleep(50);
    assert.equal(fired, 1);
    timer.arm(new Date(), 0.05);
    timer.cancel();
    await sleep(100);
    assert.equal(fired, 1);
  });
});
