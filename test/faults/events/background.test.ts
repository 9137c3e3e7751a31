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

  test('while a partition write is in flight the queue waits; it goes once writes have paused for quietMs', async () => {
    const w = gatedWrites();
    const events = new EventWrites(true, { quietMs: 40 });
    const ended = events.busy();
    await events.record(w.write(1));
    await turn();
    assert.deepEqual(w.started, [], 'waits while busy');
    // The caller goes on to its next write within the pause: still nothing written.
    ended();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const next = events.busy();
    await turn();
    assert.deepEqual(w.started, [], 'a write that follows within quietMs keeps it waiting');
    next();
    next(); // idempotent: the count is not taken below zero
    const pausedAt = Date.now();
    while (w.started.length === 0) await turn();
    const paused = Date.now() - pausedAt;
    assert.ok(paused >= 35, `written ${paused} ms after the last write ended (quietMs 40)`);
    assert.deepEqual(w.started, [1]);
    w.gates.get(1)!();
    await events.flush();
  });

  test('an Event waits for partition writes at most maxDelayMs', async () => {
    const w = gatedWrites();
    const events = new EventWrites(true, { maxDelayMs: 50 });
    const ended = events.busy();
    const start = Date.now();
    await events.record(w.write(1));
    while (w.started.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const waited = Date.now() - start;
    assert.ok(waited >= 45 && waited < 1000, `written after ${waited} ms while busy (due after 50)`);
    w.gates.get(1)!();
    await events.flush();
    ended();
  });

  test('flush writes what is queued without waiting for a pause', async () => {
    const w = gatedWrites();
    const events = new EventWrites(true, { quietMs: 60_000, maxDelayMs: 60_000 });
    const ended = events.busy();
    await events.record(w.write(1));
    await turn();
    assert.deepEqual(w.started, []);
    const flushed = events.flush();
    while (w.started.length === 0) await turn();
    w.gates.get(1)!();
    await flushed;
    ended();
  });
});
