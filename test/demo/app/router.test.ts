import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../runner/log/logger.ts';
import type { DispatchOutcome } from '../../../runner/demo/app/dispatch.ts';
import { WorkerRegistry } from '../../../runner/demo/app/registry.ts';
import { routeCompletion } from '../../../runner/demo/app/router.ts';

const logger = createLogger({ level: 'silent' });

// Two live workers and a dispatcher scripted per worker; `calls` records who was tried, in order.
function setup(script: Record<string, DispatchOutcome>) {
  const registry = new WorkerRegistry(60_000, { baseMs: 5000, maxMs: 60_000 });
  for (const id of Object.keys(script)) registry.heartbeat({ id, url: 'http://10.0.0.1:9000', model: 'mini-llm' });
  const calls: string[] = [];
  const dispatch = async (id: string) => (calls.push(id), script[id]!);
  return { registry, calls, route: () => routeCompletion(registry, dispatch, undefined, logger) };
}

const answered = (worker: string, status = 200): DispatchOutcome => ({ kind: 'answered', reply: { worker, status, body: { ok: true } } });
const backedOff = (registry: WorkerRegistry) =>
  registry
    .live()
    .filter((w) => w.backoffUntil > Date.now())
    .map((w) => w.id);

describe('routeCompletion', () => {
  test('no responders: the next worker is tried at once and the first goes into backoff', async () => {
    const { registry, calls, route } = setup({ a: { kind: 'not_delivered', reason: 'no responders' }, b: answered('b') });
    const result = await route();
    assert.deepEqual(calls, ['a', 'b']);
    assert.ok(result.ok);
    assert.equal(result.workerId, 'b');
    assert.equal(result.attempts, 2);
    assert.deepEqual(backedOff(registry), ['a']);
    // Backed-off workers go last: the next request starts at b although round robin would start at a.
    calls.length = 0;
    await route();
    assert.deepEqual(calls, ['b']);
  });

  test('a timeout is not retried elsewhere (the worker may have run it) and marks that worker failed', async () => {
    const { registry, calls, route } = setup({ a: { kind: 'timeout', stage: 'reply' }, b: answered('b') });
    const result = await route();
    assert.deepEqual(calls, ['a']);
    assert.deepEqual(result, {
      ok: false,
      reason: 'worker_timeout',
      workerId: 'a',
      attempts: [{ workerId: 'a', reason: 'no reply within the request timeout' }],
    });
    assert.deepEqual(backedOff(registry), ['a']);
  });

  test('a NATS error after the hand-over is not retried either', async () => {
    const { calls, route } = setup({ a: { kind: 'error', reason: 'connection closed' }, b: answered('b') });
    const result = await route();
    assert.deepEqual(calls, ['a']);
    assert.equal(!result.ok && result.reason, 'worker_error');
  });

  test('every worker without responders: no_worker_accepted, each tried once', async () => {
    const { calls, route } = setup({ a: { kind: 'not_delivered', reason: 'no responders' }, b: { kind: 'not_delivered', reason: 'refused: x' } });
    const result = await route();
    assert.deepEqual([...calls].sort(), ['a', 'b']);
    assert.equal(!result.ok && result.reason, 'no_worker_accepted');
  });

  test('a success clears the backoff; a worker 4xx is relayed as a success of the worker', async () => {
    const { registry, route } = setup({ a: answered('a', 400) });
    registry.markFailed('a', 0);
    const result = await route();
    assert.ok(result.ok);
    assert.equal(result.reply.status, 400);
    assert.deepEqual(backedOff(registry), []);
  });

  test('no live worker: nothing is dispatched', async () => {
    const registry = new WorkerRegistry(60_000, { baseMs: 5000, maxMs: 60_000 });
    const result = await routeCompletion(registry, () => assert.fail('dispatched'), undefined, logger);
    assert.deepEqual(result, { ok: false, reason: 'no_live_workers', attempts: [] });
  });
});
