// Fake pod IPs are unique per live pod and reusable after release.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { IpAllocator } from '../../../testbed/agent/ips.ts';

describe('pod IP allocator', () => {
  test('live pods never share an address; an address is stable per uid', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 30 })), { maxLength: 200 }), (ops) => {
        const ips = new IpAllocator();
        const live = new Map<string, string>();
        for (const [allocate, id] of ops) {
          const uid = `u${id}`;
          if (allocate) {
            const ip = ips.allocate(uid);
            if (live.has(uid)) assert.equal(ip, live.get(uid));
            assert.match(ip, /^10\.244\.\d+\.\d+$/);
            live.set(uid, ip);
          } else {
            ips.release(uid);
            live.delete(uid);
          }
          assert.equal(new Set(live.values()).size, live.size);
        }
      }),
    );
  });

  test('reserved addresses (pods from before an agent restart) are not handed out again', () => {
    const ips = new IpAllocator();
    ips.reserve('old', '10.244.0.2');
    assert.notEqual(ips.allocate('new'), '10.244.0.2');
    assert.equal(ips.allocate('old'), '10.244.0.2');
  });
});
