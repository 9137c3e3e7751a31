import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WorkerRegistry } from '../../../runner/demo/app/registry.ts';

// A registry on a hand-driven clock.
function registryAt(ttlMs = 3000, backoffMs = 5000, maxBackoffMs = 60_000) {
  const clock = { now: 0 };
  const registry = new WorkerRegistry(ttlMs, { baseMs: backoffMs, maxMs: maxBackoffMs }, () => clock.now);
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
    assert.deepEqual(
      registry.live().map((w) => w.id),
      ['w1'],
    );
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
    assert.deepEqual(
      registry.routeOrder('other').map((w) => w.id),
      ['c'],
    );
    assert.deepEqual(registry.routeOrder('missing'), []);
  });

  test('a failed worker goes last during its backoff, and first-class again after it', () => {
    const { clock, registry, beat } = registryAt(60_000, 5000);
    beat('a');
    beat('b');
    registry.markFailed('a');
    for (let i = 0; i < 3; i++)
      assert.deepEqual(
        registry.routeOrder().map((w) => w.id),
        ['b', 'a'],
      );
    clock.now = 5001;
    const orders = [registry.routeOrder()[0]!.id, registry.routeOrder()[0]!.id];
    assert.deepEqual(orders.sort(), ['a', 'b']);
    registry.markFailed('b');
    registry.markOk('b');
    assert.equal(registry.routeOrder().length, 2);
  });

  test('the backoff doubles per consecutive failure up to the cap, and a success resets it', () => {
    const { clock, registry, beat } = registryAt(3_600_000, 5000, 30_000);
    beat('a');
    const backoffs: number[] = [];
    for (let i = 0; i < 6; i++) {
      clock.now += 1;
      backoffs.push(registry.markFailed('a')!.backoffMs);
      assert.equal(registry.live()[0]!.backoffUntil, clock.now + backoffs.at(-1)!);
    }
    assert.deepEqual(backoffs, [5000, 10_000, 20_000, 30_000, 30_000, 30_000]);
    registry.markOk('a');
    clock.now += 1;
    assert.deepEqual(registry.markFailed('a'), { failures: 1, backoffMs: 5000 });
  });

  test('requests already in flight when a failure was counted do not grow the backoff again', () => {
    const { clock, registry, beat } = registryAt(60_000, 1000);
    beat('a');
    // Three requests sent at t=0..2 all time out at t=2000..2002: one outage, one doubling step.
    for (const [sentAt, now] of [
      [0, 2000],
      [1, 2001],
      [2, 2002],
    ] as const) {
      clock.now = now;
      registry.markFailed('a', sentAt);
    }
    assert.equal(registry.live()[0]!.failures, 1);
    assert.equal(registry.live()[0]!.backoffUntil, 3000);
    // A request sent after that failure was known does count.
    clock.now = 3500;
    assert.deepEqual(registry.markFailed('a', 3100), { failures: 2, backoffMs: 2000 });
  });

  test('a worker that expired and comes back starts without backoff', () => {
    const { clock, registry, beat } = registryAt(3000, 5000);
    beat('a');
    registry.markFailed('a');
    registry.markFailed('a');
    clock.now = 1000;
    beat('a');
    assert.equal(registry.live()[0]!.failures, 2, 'a heartbeat within the TTL keeps the backoff');
    clock.now = 5000;
    assert.equal(beat('a'), true);
    assert.deepEqual([registry.live()[0]!.failures, registry.live()[0]!.backoffUntil], [0, 0]);
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
          const expected = [...lastSeen]
            .filter(([, at]) => clock.now - at <= 3000)
            .map(([id]) => id)
            .sort();
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
