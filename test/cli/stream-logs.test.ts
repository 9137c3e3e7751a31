import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { comparableStamp, splitTimestamp } from '../../runner/cli/incluster/stream-logs.ts';

describe('kubelet log timestamps', () => {
  test('splits the RFC3339Nano prefix from the line', () => {
    assert.deepEqual(splitTimestamp('2026-01-02T03:04:05.1234Z {"msg":"x"}'), { stamp: '2026-01-02T03:04:05.1234Z', line: '{"msg":"x"}' });
    assert.deepEqual(splitTimestamp('no stamp here'), { stamp: '', line: 'no stamp here' });
  });

  test('padded stamps compare in time order even when trailing zeros were trimmed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_399_999_999 }), fc.integer({ min: 0, max: 86_399_999_999 }), (a, b) => {
        const stamp = (micros: number) => {
          const seconds = Math.floor(micros / 1e6);
          const frac = String(micros % 1e6).padStart(6, '0').replace(/0+$/, '');
          return `2026-01-01T${new Date(seconds * 1000).toISOString().slice(11, 19)}${frac ? `.${frac}` : ''}Z`;
        };
        const x = comparableStamp(stamp(a));
        const y = comparableStamp(stamp(b));
        return (x < y ? -1 : x > y ? 1 : 0) === Math.sign(a - b);
      }),
    );
  });
});
