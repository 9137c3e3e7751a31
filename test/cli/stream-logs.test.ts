import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { comparableStamp, SeenLines, splitTimestamp } from '../../runner/cli/incluster/stream-logs.ts';

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
          const frac = String(micros % 1e6)
            .padStart(6, '0')
            .replace(/0+$/, '');
          return `2026-01-01T${new Date(seconds * 1000).toISOString().slice(11, 19)}${frac ? `.${frac}` : ''}Z`;
        };
        const x = comparableStamp(stamp(a));
        const y = comparableStamp(stamp(b));
        return (x < y ? -1 : x > y ? 1 : 0) === Math.sign(a - b);
      }),
    );
  });

  test('lines sharing a stamp are all shown; after a reconnect exactly the replayed ones are skipped', () => {
    const seen = new SeenLines();
    const t1 = '2026-01-01T00:00:01Z';
    const t2 = '2026-01-01T00:00:02.5Z';
    assert.deepEqual(
      [t1, t1, t2, t2].map((s) => seen.accept(s)),
      [true, true, true, true],
    );
    assert.equal(seen.resumeFrom, t2);
    seen.reconnect();
    // sinceTime=t2 replays both t2 lines, then new ones follow (one more at t2 and a later one)
    assert.deepEqual(
      [t2, t2, t2, '2026-01-01T00:00:03Z'].map((s) => seen.accept(s)),
      [false, false, true, true],
    );
    assert.equal(seen.accept('2026-01-01T00:00:00Z'), false, 'older than what was shown');
    assert.equal(seen.accept(''), true, 'unstamped lines are never dropped');
  });
});
