import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkFrontendReachable, inspectFrontend } from '../../runner/checks/frontend.ts';
import { closedPortUrl, sendJson, suiteServers } from './loopback.ts';

describe('checkFrontendReachable / inspectFrontend', () => {
  const serve = suiteServers();

  test('healthy frontend: true, and the GET went to /health', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { status: 'healthy' }));
    assert.equal(await checkFrontendReachable(server.url), true);
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /health'],
    );
    const seen = await inspectFrontend(`${server.url}/`);
    assert.equal(seen.status, 200);
    assert.deepEqual(seen.body, { status: 'healthy' });
    assert.equal(seen.url, `${server.url}/health`);
    assert.equal(seen.kind, undefined);
  });

  test('503 frontend: false with kind http_5xx', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, { status: 'unhealthy' }));
    assert.equal(await checkFrontendReachable(server.url), false);
    const seen = await inspectFrontend(server.url);
    assert.equal(seen.reachable, false);
    assert.equal(seen.status, 503);
    assert.equal(seen.kind, 'http_5xx');
  });

  test('404 frontend: false with kind http_4xx', async () => {
    const server = await serve((_req, res) => sendJson(res, 404, { detail: 'Not Found' }));
    assert.equal((await inspectFrontend(server.url)).kind, 'http_4xx');
  });

  test('closed port: false with kind refused, no throw', async () => {
    const url = await closedPortUrl();
    assert.equal(await checkFrontendReachable(url), false);
    const seen = await inspectFrontend(url);
    assert.equal(seen.kind, 'refused');
    assert.equal(seen.status, undefined);
  });

  test('slow frontend: false with kind timeout, within the timeout bound', async () => {
    const server = await serve((_req, res) => void setTimeout(() => sendJson(res, 200, {}), 20_000).unref());
    const started = performance.now();
    const seen = await inspectFrontend(server.url, { timeoutMs: 150 });
    const took = performance.now() - started;
    assert.equal(seen.reachable, false);
    assert.equal(seen.kind, 'timeout');
    // The server answers after 20 s: finishing well before that shows the 150 ms timeout cut the wait short,
    // with room for a loaded machine's timer delays.
    assert.ok(took < 10_000, `took ${took} ms`);
  });

  test('connection reset mid-request: false with kind reset', async () => {
    const server = await serve((req) => void req.socket.destroy());
    assert.equal((await inspectFrontend(server.url)).kind, 'reset');
  });

  test('a name that does not resolve: kind dns', async () => {
    const seen = await inspectFrontend('http://netpart-no-such-host.invalid:8000', { timeoutMs: 3000 });
    assert.equal(seen.reachable, false);
    assert.equal(seen.kind, 'dns');
  });

  test('caller abort: kind aborted, not timeout', async () => {
    const server = await serve((_req, res) => void setTimeout(() => sendJson(res, 200, {}), 2000));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    assert.equal((await inspectFrontend(server.url, { signal: controller.signal })).kind, 'aborted');
  });

  test('default URL comes from FRONTEND_URL', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    const saved = process.env.FRONTEND_URL;
    process.env.FRONTEND_URL = server.url;
    try {
      assert.equal(await checkFrontendReachable(), true);
    } finally {
      if (saved === undefined) delete process.env.FRONTEND_URL;
      else process.env.FRONTEND_URL = saved;
    }
  });
});
