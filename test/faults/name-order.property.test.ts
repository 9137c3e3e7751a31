// Property tests: the pod order "count: N" picks in (code units) is the order localeCompare gave for Kubernetes names,
// and the prefix search over it finds exactly the names a filter would.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { byNameOrder, namesWithPrefix } from '../../runner/faults/resolve.ts';

// Pod names and `namespace/name` keys: lowercase letters, digits, '-', '.', and the '/' between the two.
const name = fc.stringMatching(/^[a-z0-9][a-z0-9./-]{0,20}$/);
const sign = (n: number) => Math.sign(n);

describe('name order', () => {
  test('code-unit order equals localeCompare on Kubernetes names', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        assert.equal(sign(byNameOrder(a, b)), sign(a.localeCompare(b)), `${a} vs ${b}`);
      }),
      { numRuns: 20_000 },
    );
  });

  test('names that differ only around separators and digits sort the same way', () => {
    const names = ['w-10', 'w-9', 'w.1', 'w1', 'w-1', 'w', 'a/w-0', 'a-b/w', 'ab/w', 'w-a', 'w0-', 'w-0'];
    assert.deepEqual(
      [...names].sort(byNameOrder),
      [...names].sort((a, b) => a.localeCompare(b)),
    );
  });

  test('the prefix search over sorted names equals filtering them by startsWith', () => {
    const short = fc.stringMatching(/^[a-c0-1.-]{0,4}$/);
    fc.assert(
      fc.property(fc.uniqueArray(short, { maxLength: 40 }), short, (names, prefix) => {
        const sorted = [...names].sort(byNameOrder);
        assert.deepEqual(
          namesWithPrefix(sorted, prefix),
          sorted.filter((n) => n.startsWith(prefix)),
        );
      }),
      { numRuns: 5_000 },
    );
  });
});
