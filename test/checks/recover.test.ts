import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { timeToRecover } from '../../runner/checks/recover.ts';
import { checkFrontendReachable } from '../../runner/checks/frontend.ts';
import { sendJson, suiteServers } from './loopback.ts';

/** `ms` counts to the start of attempt `i`: after attempt i-1 was called, no later than attempt i was (test clock). */
function assertStreakStart(ms: number, attemptStarts: number[], i: number): void {
  const offset = attemptStarts[0]!;
  assert.ok(ms <= attemptStarts[i]! + 0.5, `ms ${ms} is not after attempt ${i + 1} began (${attemptStarts[i]})`);
  assert.ok(ms >= attemptStarts[i - 1]! - offset - 0.5, `ms ${ms} is not before attempt ${i} (${attemptStarts[i - 1]}, offset ${offset})`);
}

describe('timeToRecover', () => {
  const serve = suiteServers();

  test('a server that recovers after N failures: time of the first healthy answer', async () => {
    const failures = 6;
    let firstHealthyAt = 0;
    const server = await serve((_req, res, _body, index) => {
      if (index < failures) {
        sendJson(res, 503, { status: 'unhealthy' });
        return;
      }
      firstHealthyAt ||= performance.now();
      sendJson(res, 200, { status: 'healthy' });
    });
    const started = performance.now();
    const attemptStarts: number[] = [];
    const check = () => (attemptStarts.push(performance.now() - started), checkFrontendReachable(server.url));
    const ms = await timeToRecover({ check, timeoutMs: 5000, intervalMs: 30, consecutive: 3 });
    assert.ok(ms !== null);
    assert.equal(server.requests.length, failures + 3, 'stops polling once recovered');
    // Recovery time = start of the first attempt the server answered healthy (request number failures+1). The test's
    // clock starts a little before timeToRecover's, by at most the first attempt's offset: bound it by the attempts
    // around it, not by scheduling precision (a loaded machine delays every callback by milliseconds).
    assertStreakStart(ms, attemptStarts, failures);
    assert.ok(firstHealthyAt - started >= ms, 'the server saw the healthy request after it was sent');
    assert.ok(ms >= failures * 30 - 5, `at least ${failures} intervals: ${ms}`);
  });

  test('a success streak that breaks starts over', async () => {
    const pattern = [true, true, false, true, true, true];
    let call = 0;
    const attemptTimes: number[] = [];
    const started = performance.now();
    const ms = await timeToRecover({
      check: async () => (attemptTimes.push(performance.now() - started), pattern[call++] ?? false),
      timeoutMs: 2000,
      intervalMs: 20,
      consecutive: 3,
    });
    assert.equal(call, 6);
    assert.ok(ms !== null);
    assertStreakStart(ms, attemptTimes, 3);
  });

  test('never healthy: null after timeoutMs; throwing and hanging checks count as failures', async () => {
    const checks: [string, () => Promise<boolean>, number][] = [
      ['false', async () => false, 150],
      [
        'throwing',
        async () => {
          throw new Error('down');
        },
        100,
      ],
      ['hanging', () => new Promise(() => undefined), 100],
    ];
    for (const [name, check, timeoutMs] of checks) {
      const started = performance.now();
      assert.equal(await timeToRecover({ check, timeoutMs, intervalMs: 10 }), null, name);
      const took = performance.now() - started;
      // Not before timeoutMs (the code only gives up once its own clock passed it). The upper bound is there for the
      // hanging check, which without the per-attempt deadline would hold the caller forever: any finite bound catches
      // that, so it is generous enough for a loaded machine that delays every timer.
      assert.ok(took >= timeoutMs, `${name}: gave up after ${took} ms, before timeoutMs ${timeoutMs}`);
      assert.ok(took < timeoutMs + 5000, `${name}: held the caller ${took} ms`);
    }
  });

  test('already healthy: the first attempt starts the streak', async () => {
    const started = performance.now();
    const attemptStarts: number[] = [];
    const ms = await timeToRecover({
      check: async () => (attemptStarts.push(performance.now() - started), true),
      timeoutMs: 1000,
      intervalMs: 5,
      consecutive: 2,
    });
    assert.equal(attemptStarts.length, 2, 'two successes in a row, then done');
    // The streak starts at attempt 1: no later than the test saw it begin (+0.5 for the rounding to whole ms).
    assert.ok(ms !== null && ms >= 0 && ms <= attemptStarts[0]! + 0.5, `ms ${ms}, first attempt at ${attemptStarts[0]}`);
  });

  test('bad options are refused', async () => {
    await assert.rejects(timeToRecover({ check: async () => true, timeoutMs: 10, intervalMs: 1, consecutive: 0 }), /consecutive must be a positive integer/);
  });
});
