// How the request plane fails: a frozen worker (requests handed to it time out) and a worker whose replies cannot reach the frontend.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../../../testbed/index.ts';
import { events, findNatsServer, getJson, MISSING_NATS_REASON, postCompletion, startApp, startNats, stop, waitFor, type Proc } from './harness.ts';

// app.test.ts reports the missing binary (and fails under CI); here the suites are only skipped.
const natsBinary = findNatsServer();
const skip = natsBinary ? false : MISSING_NATS_REASON;
const FAST = { HEARTBEAT_MS: '300', NATS_PING_INTERVAL_MS: '1000' };
const workerCount = async (url: string) => (await getJson(`${url}/health`)).body.workers;

describe('a frozen worker (SIGSTOP): requests handed to it fail until the frontend drops it', { skip, timeout: 90_000 }, () => {
  const procs: Proc[] = [];
  after(() => Promise.all(procs.map((p) => stop(p))));

  test('504s name the frozen worker, then the other takes over; after SIGCONT it rejoins', async (t) => {
    const natsPort = await freePort();
    const natsUrl = `nats://127.0.0.1:${natsPort}`;
    procs.push(await startNats(natsBinary!, natsPort));
    const [a, b] = await Promise.all(['worker-a', 'worker-b'].map((name) => startApp('worker', { NATS_URL: natsUrl, POD_NAME: name, ...FAST })));
    procs.push(a!, b!);
    // TTL well above the request timeout, so the frozen worker is certainly tried before it expires.
    const frontend = await startApp('frontend', { NATS_URL: natsUrl, WORKER_TTL_MS: '3000', REQUEST_TIMEOUT_MS: '1000', ...FAST });
    procs.push(frontend);
    await waitFor('both workers live', async () => (await workerCount(frontend.url)) === 2, 15_000);

    a!.child.kill('SIGSTOP');
    const frozenAt = performance.now();
    const during: { t: number; status: number; worker: string | null }[] = [];
    while ((await workerCount(frontend.url)) === 2) {
      assert.ok(performance.now() - frozenAt < 20_000, 'the frozen worker was never dropped');
      const answer = await postCompletion(frontend.url, 'are you there');
      during.push({ t: Math.round(performance.now() - frozenAt), status: answer.status, worker: answer.worker });
      // Paced like a probe, not a flood: the machine running this may have two cores.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const droppedMs = Math.round(performance.now() - frozenAt);
    const failures = during.filter((d) => d.status !== 200);
    t.diagnostic(
      `frozen worker: first failure at ${failures[0]?.t} ms, dropped after ${droppedMs} ms; ${during.length} requests meanwhile, failures ${JSON.stringify(failures)}`,
    );
    assert.ok(failures.length >= 1, `no request failed while the frozen worker was still live: ${JSON.stringify(during)}`);
    assert.ok(
      failures.every((f) => f.status === 504 && f.worker === 'worker-a'),
      JSON.stringify(failures),
    );
    assert.ok(during.filter((d) => d.status === 200).every((d) => d.worker === 'worker-b'));
    // The backoff (5 s by default) outlasts the TTL: after its first failure the frozen worker is tried last, i.e. never.
    assert.ok(failures.length <= 2, `${failures.length} failures: the backoff did not keep the frozen worker out`);

    const after = [];
    for (let i = 0; i < 5; i++) after.push(await postCompletion(frontend.url, 'after the drop'));
    assert.deepEqual(
      after.map((x) => [x.status, x.worker]),
      Array(5).fill([200, 'worker-b']),
    );

    a!.child.kill('SIGCONT');
    await waitFor('the thawed worker to rejoin', async () => (await workerCount(frontend.url)) === 2, 10_000);
    const servedBy = new Set<string | null>();
    await waitFor(
      'both workers serving again',
      async () => {
        const answer = await postCompletion(frontend.url, 'welcome back');
        assert.equal(answer.status, 200);
        servedBy.add(answer.worker);
        return servedBy.size === 2;
      },
      10_000,
    );
    // The request that timed out was in the frozen worker's socket: it ran after SIGCONT and its answer came too late.
    await waitFor('the late reply to be refused', () => events(frontend, 'reply.unknown').some((line) => line.worker === 'worker-a'), 5000);
    await waitFor('the worker to log the refusal', () => events(a!, 'reply.rejected').some((line) => line.status === 404), 5000);
  });
});

describe('a worker that cannot reach the frontend reply URL', { skip, timeout: 60_000 }, () => {
  const procs: Proc[] = [];
  after(() => Promise.all(procs.map((p) => stop(p))));

  test('every request it takes fails with 504 and its backoff grows to the cap', async () => {
    const natsPort = await freePort();
    const natsUrl = `nats://127.0.0.1:${natsPort}`;
    procs.push(await startNats(natsBinary!, natsPort));
    const worker = await startApp('worker', { NATS_URL: natsUrl, POD_NAME: 'worker-lost', ...FAST });
    procs.push(worker);
    // The frontend listens on 127.0.0.1 but advertises 127.0.0.2 (a wrong POD_IP): every reply POST is refused.
    const frontend = await startApp('frontend', {
      NATS_URL: natsUrl,
      POD_IP: '127.0.0.2',
      REQUEST_TIMEOUT_MS: '500',
      WORKER_BACKOFF_MS: '200',
      WORKER_BACKOFF_MAX_MS: '800',
      WORKER_TTL_MS: '3000',
      ...FAST,
    });
    procs.push(frontend);
    await waitFor('the worker live', async () => (await workerCount(frontend.url)) === 1, 15_000);

    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await postCompletion(frontend.url, 'reply to nowhere'));
    assert.deepEqual(
      answers.map((x) => [x.status, x.worker]),
      Array(5).fill([504, 'worker-lost']),
    );
    assert.equal((answers[0]!.body as { error: { code: string } }).error.code, 'worker_timeout');
    // Each failure was counted (each request was sent after the previous failure), doubling the backoff up to the cap.
    assert.deepEqual(
      events(frontend, 'worker.backoff').map((line) => line.backoffMs),
      [200, 400, 800, 800, 800],
    );
    await waitFor('the worker to log its failed replies', () => events(worker, 'reply.failed').length === 5, 5000);
    assert.ok(events(worker, 'reply.failed').every((line) => line.reason === 'ECONNREFUSED' && String(line.replyTo).startsWith('http://127.0.0.2:')));
    // Heartbeats still flow over NATS: the frontend keeps the worker, so only the backoff limits what it costs.
    assert.equal(await workerCount(frontend.url), 1);
  });
});
