// The engine's Event queue: foreground waits, background writes in order with a bounded number of writers and room.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_QUEUE_LIMIT, EVENT_WRITERS, EventWrites } from '../../../runner/faults/events/background.ts';

/** A write that ends when told to, recording when it started and how many writes ran beside it. */
function gatedWrites() {
  const started: number[] = [];
  const gates = new Map<number, () => void>();
  let running = 0;
  let most = 0;
  const write =
    (n: number, fail = false) =>
    () => {
      started.push(n);
      running++;
      most = Math.max(most, running);
      return new Promise<void>((resolve, reject) => {
        gates.set(n, () => {
          running--;
          if (fail) reject(new Error(`write ${n}`));
          else resolve();
        });
      });
    };
  return { started, gates, write, most: () => most };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('EventWrites', () => {
  test('foreground: record waits for the write', async () => {
    const w = gatedWrites();
    const events = new EventWrites(false);
    let done = false;
    const recorded = events.record(w.write(1)).then(() => (done = true));
    await turn();
    assert.equal(done, false);
    w.gates.get(1)!();
    await recorded;
    assert.equal(done, true);
  });

  test('background: returns at once, writes in order, at most EVENT_WRITERS at a time, a failure stops nothing; flush waits', async () => {
    const w = gatedWrites();
    const events = new EventWrites(true);
    for (let n = 1; n <= 6; n++) await events.record(w.write(n, n === 2));
    await turn();
    assert.deepEqual(w.started, [1, 2].slice(0, EVENT_WRITERS));
    let flushed = false;
    const flush = events.flush().then(() => (flushed = true));
    for (let n = 1; n <= 6; n++) {
      await turn();
      w.gates.get(n)!();
    }
    await flush;
    assert.equal(flushed, true);
    assert.deepEqual(w.started, [1, 2, 3, 4, 5, 6]);
    assert.equal(w.most(), EVENT_WRITERS);
    await events.flush(); // nothing pending: resolves at once
  });

  test('a full queue makes record wait for room instead of dropping', async () => {
    const w = gatedWrites();
    const events = new EventWrites(true);
    for (let n = 0; n < EVENT_WRITERS + EVENT_QUEUE_LIMIT; n++) await events.record(w.write(n));
    let queued = false;
    const extra = events.record(w.write(-1)).then(() => (queued = true));
    await turn();
    assert.equal(queued, false, 'waits while the queue is full');
    w.gates.get(0)!();
    await extra;
    assert.equal(queued, true);
    for (let n = 1; n < EVENT_WRITERS + EVENT_QUEUE_LIMIT; n++) {
      while (!w.gates.has(n)) await turn();
      w.gates.get(n)!();
    }
    while (!w.gates.has(-1)) await turn();
    w.gates.get(-1)!();
    await events.flush();
    assert.equal(w.started.length, EVENT_WRITERS + EVENT_QUEUE_LIMIT + 1);
  });
});
