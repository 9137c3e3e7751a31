import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, NoRespondersError, RequestError } from '@nats-io/transport-node';
import { sendCompletionRequest, clearModelCache } from '../../../runner/checks/completion.ts';
import { validateCompletionResponse } from '../../../runner/checks/validate.ts';
import { checkFrontendReachable } from '../../../runner/checks/frontend.ts';
import { timeToRecover } from '../../../runner/checks/recover.ts';
import { completionsSubject, workAckSchema, workReplySchema } from '../../../runner/demo/app/protocol.ts';
import { freePort } from '../../../testbed/index.ts';
import { events, findNatsServer, getJson, MISSING_NATS_REASON, postCompletion, startApp, startNats, stop, waitFor, type Proc } from './harness.ts';

const natsBinary = findNatsServer();
if (!natsBinary) {
  if (process.env.CI === 'true') test('nats-server binary is present (required under CI)', () => assert.fail(MISSING_NATS_REASON));
  else {
    console.warn(`\n!!! SKIPPING demo app tests: ${MISSING_NATS_REASON}\n`);
    // Shows up in the skipped count of the summary, not only as a log line.
    test('demo app against a real nats-server', { skip: MISSING_NATS_REASON }, () => undefined);
  }
}

// Short timings so each step of the test stays within seconds.
const TTL_MS = 1500;
const FAST = { HEARTBEAT_MS: '300', NATS_PING_INTERVAL_MS: '1000' };

describe('demo app on a real nats-server', { skip: natsBinary ? false : MISSING_NATS_REASON, timeout: 90_000 }, () => {
  let natsPort: number;
  let nats: Proc | undefined;
  let workers: (Proc & { url: string })[] = [];
  let frontend: (Proc & { url: string }) | undefined;

  before(async () => {
    natsPort = await freePort();
    nats = await startNats(natsBinary!, natsPort);
    const natsUrl = `nats://127.0.0.1:${natsPort}`;
    workers = await Promise.all(
      // debug: the workers log each reply they deliver, which shows the path a completion took.
      ['vllm-decode-worker-a', 'vllm-decode-worker-b'].map((name) => startApp('worker', { NATS_URL: natsUrl, POD_NAME: name, LOG_LEVEL: 'debug', ...FAST })),
    );
    frontend = await startApp('frontend', { NATS_URL: natsUrl, WORKER_TTL_MS: String(TTL_MS), REQUEST_TIMEOUT_MS: '1000', ...FAST });
    await waitFor('frontend to see both workers', async () => (await getJson(`${frontend!.url}/health`)).body.workers === 2);
  });

  after(async () => {
    await Promise.all([stop(frontend), ...workers.map((worker) => stop(worker)), stop(nats)]);
  });

  test('health and models look like an OpenAI-compatible frontend', async () => {
    assert.deepEqual(await getJson(`${frontend!.url}/health`), { status: 200, body: { status: 'healthy', workers: 2, nats: 'connected' } });
    const models = await getJson(`${frontend!.url}/v1/models`);
    assert.equal((models.body.data as { id: string }[])[0]!.id, 'mini-llm');
  });

  test('completions are served by both workers, through the checks library', async () => {
    clearModelCache();
    const servedBy = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const result = await sendCompletionRequest(`hello number ${i}`, 8, { frontendUrl: frontend!.url });
      const text = validateCompletionResponse(result);
      const match = /^echo from (vllm-decode-worker-[ab]): hello number (\d)$/.exec(text);
      assert.ok(match, `unexpected text ${text}`);
      assert.equal(match[2], String(i));
      servedBy.add(match[1]!);
    }
    assert.deepEqual([...servedBy].sort(), ['vllm-decode-worker-a', 'vllm-decode-worker-b']);
  });

  test('a completion goes frontend → NATS (worker subject) → worker → HTTP POST to the frontend reply URL', async () => {
    const answer = await postCompletion(frontend!.url, 'which path');
    assert.equal(answer.status, 200);
    assert.equal(answer.attempts, '1');
    const worker = workers.find((w) => w.logs.some((line) => line.worker === answer.worker))!;
    // The worker has no HTTP completions endpoint any more: the request can only have come over NATS.
    assert.equal((await fetch(`${worker.url}/v1/completions`, { method: 'POST', body: '{"prompt":"x"}' })).status, 404);
    await waitFor('the reply.sent log line', () => events(worker, 'reply.sent').length > 0, 3000);
    const sent = events(worker, 'reply.sent').at(-1)!;
    assert.match(String(sent.replyTo), new RegExp(`^${frontend!.url}/internal/replies/[0-9a-f-]{36}$`));
    assert.equal(sent.status, 200);
  });

  test('bad requests get OpenAI-style 4xx naming the field', async () => {
    const post = (body: unknown) => fetch(`${frontend!.url}/v1/completions`, { method: 'POST', body: JSON.stringify(body) });
    const missing = await post({ max_tokens: 3 });
    assert.equal(missing.status, 400);
    const error = ((await missing.json()) as { error: { param: string; message: string } }).error;
    assert.equal(error.param, 'prompt');
    assert.match(error.message, /prompt must be a string/);
    assert.equal((await post({ prompt: 'x', max_tokens: 0 })).status, 400);
    assert.equal((await post({ prompt: 'x', model: 'gpt-9' })).status, 404);
    const notJson = await fetch(`${frontend!.url}/v1/completions`, { method: 'POST', body: '{oops' });
    assert.equal(notJson.status, 400);
  });

  test('a worker acks a work request on NATS at once and POSTs the answer to the reply URL it names', async () => {
    const replies: { url: string; body: unknown }[] = [];
    const sink = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => (replies.push({ url: req.url ?? '', body: JSON.parse(text) }), res.writeHead(204).end()));
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const nc = await connect({ servers: `127.0.0.1:${natsPort}` });
    try {
      const replyTo = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/internal/replies/req-1`;
      const work = { id: 'req-1', replyTo, timeoutMs: 2000, request: { prompt: 'over nats' } };
      const ack = workAckSchema.parse((await nc.request(completionsSubject('vllm-decode-worker-a'), JSON.stringify(work), { timeout: 2000 })).json());
      assert.deepEqual(ack, { worker: 'vllm-decode-worker-a', accepted: true });
      await waitFor('the reply POST', () => replies.length === 1, 3000);
      assert.equal(replies[0]!.url, '/internal/replies/req-1');
      const reply = workReplySchema.parse(replies[0]!.body);
      assert.equal(reply.status, 200);
      assert.equal((reply.body as { choices: { text: string }[] }).choices[0]!.text, 'echo from vllm-decode-worker-a: over nats');
      // A message that is not a work request is refused in the ack, so the frontend may try another worker.
      const refused = workAckSchema.parse(
        (await nc.request(completionsSubject('vllm-decode-worker-a'), JSON.stringify({ prompt: 'old style' }), { timeout: 2000 })).json(),
      );
      assert.equal(refused.accepted, false);
    } finally {
      await nc.close();
      sink.close();
    }
  });

  test('killing one worker: NATS has no responders for it, so every request goes to the other at once; dropped after the TTL', async () => {
    workers[0]!.child.kill('SIGKILL');
    await workers[0]!.exited;
    // Until nats-server has noticed the closed socket, a request could still be handed to the dead worker (and time out).
    const nc = await connect({ servers: `127.0.0.1:${natsPort}` });
    try {
      await waitFor("no responders on the killed worker's subject", () =>
        nc.request(completionsSubject('vllm-decode-worker-a'), '{}', { timeout: 500 }).then(
          () => false,
          (error: unknown) => error instanceof NoRespondersError || (error instanceof RequestError && error.isNoResponders()),
        ),
      );
    } finally {
      await nc.close();
    }
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await postCompletion(frontend!.url, 'still there?'));
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200, 200, 200, 200],
    );
    assert.deepEqual([...new Set(answers.map((a) => a.worker))], ['vllm-decode-worker-b']);
    // The dead worker was tried first at most once: after "no responders" it is in backoff, so it goes last.
    assert.ok(answers.filter((a) => a.attempts === '2').length <= 1, JSON.stringify(answers.map((a) => a.attempts)));
    const took = await waitFor('dead worker to expire', async () => (await getJson(`${frontend!.url}/health`)).body.workers === 1, TTL_MS + 2000);
    assert.ok(took <= TTL_MS + 1000, `expired after ${took} ms`);
    // The sweeper logs the loss on its own timer (TTL/3), shortly after /health stopped counting the worker.
    await waitFor(
      'worker.expired log line',
      () => frontend!.logs.some((line) => line.event === 'worker.expired' && line.worker === 'vllm-decode-worker-a'),
      2000,
    );
  });

  test('NATS down: /health goes 503 within the TTL; NATS back: healthy again', async () => {
    const beforeStop = performance.now();
    await stop(nats);
    await waitFor('frontend to report 503', async () => (await getJson(`${frontend!.url}/health`)).status === 503, TTL_MS + 2000);
    assert.ok(performance.now() - beforeStop < TTL_MS + 2000);
    const unhealthy = await getJson(`${frontend!.url}/health`);
    assert.equal(unhealthy.body.status, 'unhealthy');
    // Discovery is lost too: after the TTL no worker is known and completions fail fast with 503.
    await waitFor('workers to expire', async () => (await getJson(`${frontend!.url}/health`)).body.workers === 0, TTL_MS + 2000);
    const refused = await fetch(`${frontend!.url}/v1/completions`, { method: 'POST', body: JSON.stringify({ prompt: 'x' }) });
    assert.equal(refused.status, 503);

    nats = await startNats(natsBinary!, natsPort);
    const ms = await timeToRecover({ check: () => checkFrontendReachable(frontend!.url), timeoutMs: 10_000, intervalMs: 100, consecutive: 3 });
    assert.ok(ms !== null, 'frontend did not recover within 10 s of NATS returning');
    const done = await fetch(`${frontend!.url}/v1/completions`, { method: 'POST', body: JSON.stringify({ prompt: 'back' }) });
    assert.equal(done.status, 200);
  });

  test('SIGTERM: frontend and worker log shutdown and exit 0', async () => {
    const [frontendCode, workerCode] = await Promise.all([stop(frontend), stop(workers[1])]);
    assert.equal(frontendCode, 0);
    assert.equal(workerCode, 0);
    assert.ok(frontend!.logs.some((line) => line.event === 'shutdown.done'));
  });
});

describe('frontend started before NATS', { skip: natsBinary ? false : MISSING_NATS_REASON, timeout: 30_000 }, () => {
  test('serves 503 until NATS and a worker appear, then becomes healthy', async () => {
    const natsPort = await freePort();
    const natsUrl = `nats://127.0.0.1:${natsPort}`;
    let frontend: (Proc & { url: string }) | undefined;
    let worker: Proc | undefined;
    let nats: Proc | undefined;
    try {
      frontend = await startApp('frontend', { NATS_URL: natsUrl, WORKER_TTL_MS: String(TTL_MS), ...FAST });
      const early = await getJson(`${frontend.url}/health`);
      assert.deepEqual(early, { status: 503, body: { status: 'unhealthy', workers: 0, nats: 'disconnected' } });
      nats = await startNats(natsBinary!, natsPort);
      worker = await startApp('worker', { NATS_URL: natsUrl, POD_NAME: 'vllm-prefill-worker-0', ...FAST });
      await waitFor('frontend healthy', async () => (await getJson(`${frontend!.url}/health`)).status === 200, 10_000);
    } finally {
      await Promise.all([stop(frontend), stop(worker), stop(nats)]);
    }
  });
});

describe('NATS_RECONNECT_EVERY_MS', { skip: natsBinary ? false : MISSING_NATS_REASON, timeout: 30_000 }, () => {
  test('a worker re-opens its NATS connection periodically and keeps heart-beating', async () => {
    const natsPort = await freePort();
    const natsUrl = `nats://127.0.0.1:${natsPort}`;
    let nats: Proc | undefined;
    let worker: Proc | undefined;
    let frontend: (Proc & { url: string }) | undefined;
    try {
      nats = await startNats(natsBinary!, natsPort);
      worker = await startApp('worker', { NATS_URL: natsUrl, POD_NAME: 'vllm-decode-worker-r', NATS_RECONNECT_EVERY_MS: '400', ...FAST });
      frontend = await startApp('frontend', { NATS_URL: natsUrl, WORKER_TTL_MS: String(TTL_MS), ...FAST });
      // Two forced reconnects that each completed: the client really opened new connections.
      await waitFor('two forced reconnects', () => worker!.logs.filter((line) => line.event === 'nats.reconnected').length >= 2, 8000);
      assert.ok(worker.logs.some((line) => line.event === 'nats.forced_reconnect'));
      // Heartbeats keep flowing across the forced reconnects: the frontend sees the worker and stays healthy.
      await waitFor('frontend to see the worker', async () => (await getJson(`${frontend!.url}/health`)).status === 200, 5000);
      const reconnectsBefore = worker.logs.filter((line) => line.event === 'nats.reconnected').length;
      await waitFor('another forced reconnect', () => worker!.logs.filter((line) => line.event === 'nats.reconnected').length > reconnectsBefore, 5000);
      // Under CPU load one heartbeat can land just after the TTL; the worker must be back on the next one, not gone.
      const healthy = { status: 'healthy', workers: 1, nats: 'connected' };
      let last: unknown;
      await waitFor(
        'frontend healthy with the worker after the reconnect',
        async () => {
          last = (await getJson(`${frontend!.url}/health`)).body;
          try {
            assert.deepEqual(last, healthy);
            return true;
          } catch {
            return false;
          }
        },
        3000,
      ).catch(() => assert.deepEqual(last, healthy));
    } finally {
      await Promise.all([stop(frontend), stop(worker), stop(nats)]);
    }
  });

  test('an out-of-range period is refused at start, naming the variable', async () => {
    await assert.rejects(
      startApp('worker', { NATS_RECONNECT_EVERY_MS: '5', POD_NAME: 'w' }),
      /exited with code 1 before listening: .*NATS_RECONNECT_EVERY_MS must be 0 \(off\) or between 100 and 3600000/s,
    );
  });
});
