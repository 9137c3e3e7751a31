import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENTS } from '../../runner/contract/events.ts';

describe('log event names', () => {
  test('one style: dotted snake_case, and no name used twice', () => {
    const names = Object.values(EVENTS);
    for (const name of names) assert.match(name, /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/, name);
    assert.equal(new Set(names).size, names.length);
  });
});
