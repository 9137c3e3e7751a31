import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { probe } from '../../runner/checks/probe.ts';
import { clearModelCache } from '../../runner/checks/completion.ts';
import { percentile, summarizeLatency } from '../../runner/checks/stats.ts';
import { completionBody, sendJson, suiteServers } from './loopback.ts';

describe('probe', () => {
  const serve = suiteServers();

  test('counts match a server that fails every 4th completion with 500', async () => {
    clearModelCache();
    let completions = 0;
    let served500 = 0;
    const server = await serve((req, res) => {
      if (req.url === '/v1/models') {
        sendJson(res, 200, { data: [{ id: 'mini-llm' }] });
        return;
      }
      if (++completions % 4 === 0) {
        served500++;
        sendJson(res, 500, { detail: 'worker lost' });
        return;
      }
      sendJson(res, 200, completionBody('ok'));
    });
    // Ends by count, not by time: a loaded machine would fit fewer than the two failure cycles into a fixed duration.
    const result = await probe({ durationMs: 60_000, intervalMs: 20, maxRequests: 12, completion: { frontendUrl: server.url } });
    assert.equal(result.total, completions, 'one probe sample per completion the server saw');
    assert.equal(result.failed, served500);
    assert.equal(result.ok, completions - served500);
    assert.deepEqual(result.errorsByKind, { http_5xx: served500 });
    assert.equal(result.total, 12, 'three failure cycles');
    assert.equal(result.successRate, result.ok / result.total);
    // The 4th, 8th, … samples are the failures.
    result.timeline.forEach((sample, index) => assert.equal(sample.ok, (index + 1) % 4 !== 0, `sample ${index}`));
    assert.equal(result.firstFailureAt, result.timeline[3]!.t);
    assert.equal(result.lastFailureAt, result.timeline.filter((s) => !s.ok).at(-1)!.t);
    assert.ok(result.latency.p50! <= result.latency.p95! && result.latency.p95! <= result.latency.max!);
    assert.equal(result.stoppedBy, 'maxRequests');
  });

  test('latency percentiles reflect a known slow share; errors by kind from a custom request', async () => {
    let calls = 0;
    const result = await probe({
      durationMs: 100_000,
      intervalMs: 1,
      maxRequests: 40,
      request: async () => {
        const n = ++calls;
        if (n % 10 === 0) throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
        // Every 5th non-failing call is slow: p50 stays fast, max is slow.
        await new Promise((resolve) => setTimeout(resolve, n % 5 === 0 ? 60 : 1));
      },
    });
    assert.equal(result.total, 40);
    assert.equal(result.stoppedBy, 'maxRequests');
    assert.deepEqual(result.errorsByKind, { refused: 4 });
    // Percentiles come from the successful samples only (nearest rank), whatever the machine's load made them.
    const okLatencies = result.timeline.filter((s) => s.ok).map((s) => s.latencyMs);
    assert.equal(okLatencies.length, 36);
    assert.deepEqual(result.latency, summarizeLatency(okLatencies));
    // A 60 ms wait never takes less (load only adds), so the slow share shows in the max; every 5th call is slow.
    const slow = result.timeline.filter((_, i) => (i + 1) % 5 === 0 && (i + 1) % 10 !== 0);
    assert.equal(slow.length, 4);
    for (const s of slow) assert.ok(s.latencyMs >= 55, `slow call took ${s.latencyMs} ms`);
    assert.ok(result.latency.max! >= 55, `max ${result.latency.max}`);
  });

  test('a hung request counts as timeout and does not stretch the probe', async () => {
    const started = performance.now();
    const result = await probe({ durationMs: 200, intervalMs: 50, timeoutMs: 100, request: () => new Promise(() => undefined) });
    const took = performance.now() - started;
    assert.ok(result.total >= 1);
    assert.equal(result.errorsByKind.timeout, result.total);
    assert.equal(result.successRate, 0);
    // Without the per-request deadline a hung request holds the probe forever, so any finite bound catches that: duration
    // + one timeout, plus slack generous enough for a loaded machine that delays every timer.
    assert.ok(took < 200 + 100 + 5000, `took ${took} ms`);
    assert.equal(result.stoppedBy, 'duration');
  });

  test('slow server with the default request: timeouts by kind', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/v1/models') {
        sendJson(res, 200, { data: [{ id: 'm' }] });
        return;
      }
      setTimeout(() => sendJson(res, 200, completionBody('late')), 1000);
    });
    const result = await probe({ durationMs: 150, intervalMs: 50, timeoutMs: 80, completion: { frontendUrl: server.url, model: 'm' } });
    assert.ok(result.total >= 1);
    assert.deepEqual(result.errorsByKind, { timeout: result.total });
    assert.equal(result.stoppedBy, 'duration');
  });

  test('concurrency lanes run in parallel and an abort stops the probe early without counting aborts', async () => {
    let inFlight = 0;
    let peak = 0;
    let calls = 0;
    const controller = new AbortController();
    const started = performance.now();
    const result = await probe({
      durationMs: 20_000,
      intervalMs: 10,
      concurrency: 4,
      signal: controller.signal,
      request: async () => {
        peak = Math.max(peak, ++inFlight);
        // Stop after a count of requests, not a timer: on a loaded machine a timer may fire before the lanes got going.
        if (++calls === 20) controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 30));
        inFlight--;
      },
    });
    assert.ok(performance.now() - started < 10_000, 'stopped long before durationMs');
    assert.equal(result.stoppedBy, 'signal');
    assert.equal(peak, 4);
    assert.equal(result.failed, 0);
    assert.equal(result.total, 20, 'the requests in flight at the abort finish and count; none start after it');
  });

  test('bad options are refused with the field name', async () => {
    await assert.rejects(probe({ durationMs: 0, intervalMs: 10, request: async () => undefined }), /durationMs must be a positive number/);
    await assert.rejects(probe({ durationMs: 10, intervalMs: 10, concurrency: 0, request: async () => undefined }), /concurrency must be an integer/);
  });

  test('a probe stopped before its first request has success rate 0', async () => {
    const result = await probe({ durationMs: 50, intervalMs: 10, maxRequests: 1, signal: AbortSignal.abort(), request: async () => undefined });
    assert.equal(result.total, 0);
    assert.equal(result.successRate, 0);
  });
});

describe('percentile', () => {
  test('property: the percentile is an observed value, monotone in p, p100 is the max', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1 }), fc.integer({ min: 1, max: 99 }), (values, p) => {
        const value = percentile(values, p)!;
        assert.ok(values.includes(value));
        assert.ok(value <= percentile(values, p + 1)!);
        assert.equal(percentile(values, 100), Math.max(...values));
        // Nearest rank: at least p% of values are ≤ the result.
        assert.ok(values.filter((v) => v <= value).length >= (p / 100) * values.length);
      }),
    );
  });

  test('empty input gives null; p outside (0,100] is refused', () => {
    assert.equal(percentile([], 50), null);
    assert.throws(() => percentile([1], 0), RangeError);
  });
});
