// The API's memory of TokenReview / SubjectAccessReview answers: kept for their TTL, failures never kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecisionCache, tokenKey } from '../../runner/api/decision-cache.ts';

test('an answer is reused until its TTL ends, then asked again; allowed and denied can have different TTLs', async () => {
  let clock = 0;
  let asked = 0;
  const cache = new DecisionCache<boolean>(
    (allowed) => (allowed ? 100 : 10),
    () => clock,
  );
  const ask = (answer: boolean) => () => (asked++, Promise.resolve(answer));
  assert.equal(await cache.get('a', ask(true)), true);
  clock = 99;
  assert.equal(await cache.get('a', ask(false)), true);
  assert.equal(asked, 1);
  clock = 100;
  assert.equal(await cache.get('a', ask(false)), false);
  assert.equal(asked, 2);
  clock = 109;
  assert.equal(await cache.get('a', ask(true)), false, 'a denial is kept for its own, shorter TTL');
  clock = 110;
  assert.equal(await cache.get('a', ask(true)), true);
  assert.equal(asked, 3);
});

test('concurrent lookups of one key share one request; a failed one is forgotten at once', async () => {
  let asked = 0;
  const cache = new DecisionCache<string>(() => 1_000);
  let fail = true;
  const load = () => {
    asked++;
    return fail ? Promise.reject(new Error('apiserver down')) : Promise.resolve('alice');
  };
  const results = await Promise.allSettled([cache.get('t', load), cache.get('t', load)]);
  assert.equal(asked, 1);
  assert.ok(results.every((r) => r.status === 'rejected'));
  await new Promise((r) => setImmediate(r));
  fail = false;
  assert.equal(await cache.get('t', load), 'alice');
  assert.equal(asked, 2);
});

test('tokens are keyed by their SHA-256, never kept as such', () => {
  const key = tokenKey('secret-token');
  assert.match(key, /^[0-9a-f]{64}$/);
  assert.ok(!key.includes('secret'));
});
