import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WorkerRegistry } from '../../../runner/demo/app/registry.ts';

// A registry on a hand-driven clock.
function registryAt(ttlMs = 3000, backoffMs = 5000) {
  const clock = { now: 0 };
  const registry = new WorkerRegistry(ttlMs, backoffMs, () => clock.now);
  const beat = (id: string, model = 'mini-llm') => registry.heartbeat({ id, url: `http://10.0.0.${id.length}:9000`, model });
  return { clock, registry, beat };
}

describe('WorkerRegistry', () => {
  test('a worker is live until TTL after its last heartbeat, then expires', () => {
    const { clock, registry, beat } = registryAt(3000);
    assert.equal(beat('w1'), true, 'new worker is reported');
    clock.now = 2000;
    assert.equal(beat('w1'), false, 'a renewed heartbeat is not news');
    clock.now = 5000;
    assert.deepEqual(registry.live().map((w) => w.id), ['w1']);
    clock.now = 5001;
    assert.deepEqual(registry.live(), []);
    assert.deepEqual(registry.sweep(), ['w1']);
    assert.equal(beat('w1'), true, 'a worker coming back is reported again');
  });

  test('round-robin over live workers; model filter', () => {
    const { registry, beat } = registryAt();
    beat('a');
    beat('b');
    beat('c', 'other');
    const firsts = Array.from({ length: 4 }, () => registry.routeOrder('mini-llm')[0]!.id);
    assert.deepEqual(firsts, ['a', 'b', 'a', 'b']);
    assert.deepEqual(registry.routeOrder('other').map((w) => w.id), ['c']);
    assert.deepEqual(registry.routeOrder('missing'), []);
  });

  test('a failed worker goes last during its backoff, and first-class again after it', () => {
    const { clock, registry, beat } = registryAt(60_000, 5000);
    beat('a');
    beat('b');
    registry.markFailed('a');
    for (let i = 0; i < 3; i++) assert.deepEqual(registry.routeOrder().map((w) => w.id), ['b', 'a']);
    clock.now = 5001;
    const orders = [registry.routeOrder()[0]!.id, registry.routeOrder()[0]!.id];
    assert.deepEqual(orders.sort(), ['a', 'b']);
    registry.markFailed('b');
    registry.markOk('b');
    assert.equal(registry.routeOrder().length, 2);
  });

  test('property: routeOrder is a permutation of the live workers and never contains expired ones', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), at: fc.integer({ min: 0, max: 10_000 }) }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 15_000 }),
        fc.subarray(['a', 'b', 'c', 'd']),
        (beats, queryAt, failed) => {
          const { clock, registry, beat } = registryAt(3000, 5000);
          const lastSeen = new Map<string, number>();
          for (const b of [...beats].sort((x, y) => x.at - y.at)) {
            clock.now = b.at;
            beat(b.id);
            lastSeen.set(b.id, b.at);
          }
          clock.now = Math.max(queryAt, clock.now);
          for (const id of failed) registry.markFailed(id);
          const expected = [...lastSeen].filter(([, at]) => clock.now - at <= 3000).map(([id]) => id).sort();
          const order = registry.routeOrder().map((w) => w.id);
          assert.deepEqual([...order].sort(), expected);
          // Workers in backoff come after every healthy one.
          const firstFailed = order.findIndex((id) => failed.includes(id));
          if (firstFailed >= 0) assert.ok(order.slice(firstFailed).every((id) => failed.includes(id)));
        },
      ),
    );
  });
});
