// Fault ids: time-ordered, valid everywhere an id goes, and read back to their creation second.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { faultIdTime, newFaultId } from '../../runner/faults/identity.ts';
import { FAULT_ID_PATTERN } from '../../runner/faults/record.ts';

test('a fault id is 14 base-36 characters that pass the id check and carry their creation second', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('2021-01-01T00:00:00Z'), max: new Date('2038-12-01T00:00:00Z'), noInvalidDate: true }), (at) => {
      const id = newFaultId(at);
      assert.match(id, FAULT_ID_PATTERN);
      assert.equal(id.length, 14);
      assert.equal(faultIdTime(id)?.getTime(), Math.floor(at.getTime() / 1000) * 1000);
    }),
  );
});

test('ids made in a later second sort after earlier ones, and 10 000 ids made at once are distinct', () => {
  const at = new Date('2026-11-30T12:00:00Z');
  assert.ok(newFaultId(at) < newFaultId(new Date(at.getTime() + 1000)));
  const ids = new Set(Array.from({ length: 10_000 }, () => newFaultId(at)));
  assert.equal(ids.size, 10_000);
});

test('ids of the older all-random form, or of no known form, have no time', () => {
  for (const id of ['k3j4h5g6f7', 'abcdef', '000000abcdefgh', 'ZZZZZZZZZZZZZZ', 'tpbmmy-bcdefgh']) assert.equal(faultIdTime(id), undefined, id);
});
