import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { POLL_DEFAULTS, pollUntil } from '../../runner/util/poll.ts';

// Real timers: assertions are about order and bounds, never exact durations (the machine may be loaded).
describe('pollUntil', () => {
  test('first attempt is immediate; returns the first answer, attempts numbered in order', async () => {
    const seen: number[] = [];
    const started = performance.now();
    const answer = await pollUntil(
      (n) => {
        seen.push(n);
        return n === 3 ? `ready after ${n}` : undefined;
      },
      { intervalMs: 20, timeoutMs: 5000 },
    );
    assert.equal(answer, 'ready after 3');
    assert.deepEqual(seen, [1, 2, 3]);
    assert.ok(performance.now() - started >= 2 * 20 - 5, 'waited the interval between attempts');
  });

  test('undefined after the timeout, having asked more than once and not long past the deadline', async () => {
    let attempts = 0;
    const started = performance.now();
    const answer = await pollUntil<string>(
      () => {
        attempts++;
        return undefined;
      },
      { intervalMs: 30, timeoutMs: 150 },
    );
    const took = performance.now() - started;
    assert.equal(answer, undefined);
    assert.ok(attempts >= 2, `asked ${attempts} times`);
    assert.ok(took >= 150 - 5, `gave up after ${took} ms, before the timeout`);
    assert.ok(took < 150 + 2000, `gave up after ${took} ms`);
  });

  test('an abort ends the wait at once, during a sleep or before the first attempt', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    let attempts = 0;
    const answer = await pollUntil<string>(
      () => {
        attempts++;
        return undefined;
      },
      { intervalMs: 60_000, timeoutMs: 120_000, signal: controller.signal },
    );
    assert.equal(answer, undefined);
    assert.equal(attempts, 1);
    assert.ok(performance.now() - started < 10_000);
    assert.equal(await pollUntil(() => 'never asked', { signal: controller.signal }), undefined);
  });

  test('an attempt that throws propagates; falsy answers other than undefined count', async () => {
    await assert.rejects(
      pollUntil(() => {
        throw new Error('403 forbidden');
      }),
      /403 forbidden/,
    );
    assert.equal(await pollUntil(() => 0), 0);
    assert.equal(await pollUntil(() => false), false);
  });

  test('named defaults', () => {
    assert.deepEqual(POLL_DEFAULTS, { intervalMs: 1000, timeoutMs: 30_000 });
  });
});
