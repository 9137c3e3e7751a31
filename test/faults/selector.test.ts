// Label selector matching (Kubernetes semantics) and the negation the compiler relies on.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hasAllLabels, matchesLabelSelector, negateSelectors } from '../../runner/faults/selector.ts';

describe('matchesLabelSelector', () => {
  test('matchLabels and every operator, including NotIn on a missing key', () => {
    const pod = { app: 'nats', tier: 'mq' };
    assert.ok(matchesLabelSelector({}, pod));
    assert.ok(matchesLabelSelector({ matchLabels: { app: 'nats' } }, pod));
    assert.ok(!matchesLabelSelector({ matchLabels: { app: 'nats', x: 'y' } }, pod));
    assert.ok(matchesLabelSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'nats'] }] }, pod));
    assert.ok(!matchesLabelSelector({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['nats'] }] }, pod));
    assert.ok(matchesLabelSelector({ matchExpressions: [{ key: 'role', operator: 'NotIn', values: ['x'] }] }, pod));
    assert.ok(matchesLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, pod));
    assert.ok(!matchesLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, pod));
    assert.throws(() => matchesLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'Near' }] }, pod), /operator "Near"/);
  });
});

describe('negateSelectors', () => {
  test('merges NotIn values of the same key and drops implied peers', () => {
    assert.deepEqual(negateSelectors([{ app: 'a' }, { app: 'b' }]), [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a', 'b'] }] }]);
    // {app:a} alone already implies the peer {app NotIn a, tier NotIn x}; only the wider peers remain.
    assert.deepEqual(negateSelectors([{ app: 'a' }, { app: 'a', tier: 'x' }]), [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] }]);
    assert.deepEqual(negateSelectors([]), [{}]);
  });

  test('the union of the peers matches exactly the pods no blocked selector matches', () => {
    const key = fc.constantFrom('app', 'role', 'tier');
    const value = fc.constantFrom('a', 'b', 'c');
    const labels = fc.dictionary(key, value, { maxKeys: 3 });
    const selector = fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 });
    fc.assert(
      fc.property(fc.array(selector, { minLength: 0, maxLength: 4 }), fc.array(labels, { maxLength: 12 }), (blocked, pods) => {
        const peers = negateSelectors(blocked);
        for (const pod of pods) {
          const expected = !blocked.some((s) => hasAllLabels(pod, s));
          assert.equal(
            peers.some((p) => matchesLabelSelector(p, pod)),
            expected,
          );
        }
        assert.ok(peers.every((p) => (p.matchExpressions ?? []).every((e) => (e.values ?? []).length > 0)));
        // Order and repetition of the blocked selectors do not change the peers.
        assert.deepEqual(negateSelectors([...blocked].reverse().concat(blocked)), peers);
      }),
      { numRuns: 300 },
    );
  });
});
