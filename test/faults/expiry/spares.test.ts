// The spare pool's bookkeeping (runner/faults/expiry/spares.ts): per scope, bounded, oldest first, dropped after its time.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { SparePool, type Spare } from '../../../runner/faults/expiry/spares.ts';

const spare = (scope: string, second: number): Spare => ({ scope, second });

describe('SparePool', () => {
  test('takes the oldest spare of the scope whose TTL fires late enough, and only once', () => {
    const pool = new SparePool<Spare>(60_000, () => assert.fail('nothing expires'));
    const soon = spare('a', 100);
    const later = spare('a', 200);
    const other = spare('b', 300);
    for (const s of [soon, later, other]) assert.ok(pool.keep(s));
    assert.equal(pool.take('a', 150_000), later, 'the one firing at 100 s is too soon');
    assert.equal(pool.take('a', 150_000), undefined, 'taken once');
    assert.equal(pool.take('a', 50_000), soon);
    assert.equal(pool.take('b', 0), other);
    assert.equal(pool.has(other), false);
    pool.drain();
  });

  test('keeps at most 4 per scope', () => {
    const pool = new SparePool<Spare>(60_000, () => undefined);
    const kept = Array.from({ length: 6 }, (_, i) => pool.keep(spare('a', i)));
    assert.deepEqual(kept, [true, true, true, true, false, false]);
    assert.ok(pool.keep(spare('b', 0)), 'another scope has its own room');
    assert.equal(pool.drain().length, 5);
  });

  test('hands a spare to expire when its time is up, not when it was taken or removed first', async () => {
    const expired: Spare[] = [];
    const pool = new SparePool<Spare>(20, (s) => expired.push(s));
    const [a, b, c] = [spare('a', 1), spare('a', 2), spare('a', 3)];
    for (const s of [a, b, c]) pool.keep(s);
    pool.remove(b);
    assert.equal(pool.take('a', 2_500), c);
    await sleep(60);
    assert.deepEqual(expired, [a]);
    assert.equal(pool.has(a), false);
  });

  test('property: whatever the order of keeps, removes and takes, a spare is held at most once and drain returns what is held', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ op: fc.constantFrom('keep', 'remove', 'take'), item: fc.nat({ max: 7 }), min: fc.nat({ max: 8 }) }), { maxLength: 60 }),
        (ops) => {
          const items = Array.from({ length: 8 }, (_, i) => spare(i % 2 ? 'odd' : 'even', i));
          const pool = new SparePool<Spare>(60_000, () => undefined);
          const held = new Set<Spare>();
          for (const { op, item, min } of ops) {
            const s = items[item]!;
            if (op === 'keep' && !held.has(s)) {
              const room = [...held].filter((h) => h.scope === s.scope).length < 4;
              assert.equal(pool.keep(s), room);
              if (room) held.add(s);
            } else if (op === 'remove') {
              pool.remove(s);
              held.delete(s);
            } else if (op === 'take') {
              const taken = pool.take(s.scope, min * 1000);
              if (taken) {
                assert.ok(held.has(taken) && taken.second >= min && taken.scope === s.scope);
                held.delete(taken);
              } else assert.ok(![...held].some((h) => h.scope === s.scope && h.second >= min));
            }
          }
          for (const s of items) assert.equal(pool.has(s), held.has(s));
          assert.deepEqual(new Set(pool.drain()), held);
        },
      ),
    );
  });
});
