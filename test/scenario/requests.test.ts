// The run's request timeline: samples timed from the run start, exact totals, and even thinning past the bound.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completionBody, sendJson, startServer } from '../checks/loopback.ts';
import { createRequestRecorder } from '../../runner/scenario/requests.ts';
import { bindChecks } from '../../runner/scenario/checks.ts';

describe('createRequestRecorder', () => {
  test('keeps every sample below the bound, sorted by start, with the kind only on failures', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const recorder = createRequestRecorder(() => new Date(start.getTime() + 1500), start, 10);
    recorder.add(900.04, false, 12.36, 'timeout');
    recorder.add(100, true, 5, 'ignored');
    assert.equal(recorder.elapsed(), 1500);
    assert.deepEqual(recorder.snapshot(), {
      total: 2,
      failed: 1,
      samples: [
        { t: 100, ok: true, ms: 5 },
        { t: 900, ok: false, ms: 12.4, kind: 'timeout' },
      ],
    });
  });

  test('past the bound: at most max samples, spread over the whole run, totals exact', () => {
    const start = new Date(0);
    const recorder = createRequestRecorder(() => start, start, 100);
    for (let i = 0; i < 1000; i++) recorder.add(i * 10, i % 7 !== 0, 1);
    const log = recorder.snapshot();
    assert.equal(log.total, 1000);
    assert.equal(log.failed, Math.ceil(1000 / 7));
    assert.ok(log.samples.length <= 100 && log.samples.length >= 50, `${log.samples.length} samples`);
    assert.equal(log.stride, 16);
    assert.ok(log.samples[0]!.t === 0 && log.samples.at(-1)!.t >= 9000, 'covers the start and the end of the run');
  });
});

describe('bindChecks with a recorder', () => {
  test('probe requests and completion checks land in the timeline, offset from the run start', async () => {
    let fail = false;
    const server = await startServer((req, res) => {
      if (req.url === '/v1/models') {
        sendJson(res, 200, { data: [{ id: 'm' }] });
        return;
      }
      if (fail) sendJson(res, 503, {});
      else sendJson(res, 200, completionBody('hi'));
    });
    try {
      const url = server.url;
      const start = new Date(Date.now() - 5000);
      const recorder = createRequestRecorder(() => new Date(), start);
      const checks = bindChecks(url, new AbortController().signal, recorder);
      assert.equal(await checks.completionSucceeds(), true);
      fail = true;
      const probe = await checks.probe({ durationMs: 300, intervalMs: 100 });
      const log = recorder.snapshot();
      assert.equal(log.total, 1 + probe.total);
      assert.equal(log.failed, probe.failed);
      assert.ok(probe.failed > 0);
      assert.equal(log.samples[0]!.ok, true);
      assert.ok(log.samples[0]!.t >= 5000, `timed from the run start: ${log.samples[0]!.t}`);
      assert.ok(log.samples.slice(1).every((s) => !s.ok && s.kind === 'http_5xx'));
    } finally {
      await server.close();
    }
  });
});
