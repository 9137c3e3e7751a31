// Pod IPAM: unique, deterministic, reused after release, inside the range.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { intToIp, ipToInt, IpamExhaustedError, PodIpam } from '../../../testbed/dataplane/ipam.ts';
import { LayoutError, uid8Of, validateLayout, DEFAULT_LAYOUT } from '../../../testbed/dataplane/layout.ts';

describe('PodIpam', () => {
  test('first pod gets .0.2 (the node owns .0.1) and the same key gets the same IP', () => {
    const ipam = new PodIpam('10.244.0.0');
    assert.equal(ipam.allocate('a'), '10.244.0.2');
    assert.equal(ipam.allocate('b'), '10.244.0.3');
    assert.equal(ipam.allocate('a'), '10.244.0.2');
  });

  test('a released address is handed out again, lowest first', () => {
    const ipam = new PodIpam('10.244.0.0');
    for (const k of ['a', 'b', 'c']) ipam.allocate(k);
    ipam.release('b');
    assert.equal(ipam.allocate('d'), '10.244.0.3');
  });

  test('running out names the fix', () => {
    // A /30-sized range holds one pod: .0 network, .1 node, .2 pod, .3 skipped.
    const ipam = new PodIpam('10.244.0.0', 4);
    assert.equal(ipam.allocate('a'), '10.244.0.2');
    assert.throws(
      () => ipam.allocate('b'),
      (e: unknown) => e instanceof IpamExhaustedError && /widen the range/.test(e.message),
    );
  });

  test('property: any sequence of allocate/release keeps live IPs unique and inside the range', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 30 })), { maxLength: 200 }), (ops) => {
        const ipam = new PodIpam('10.244.0.0', 64);
        for (const [add, k] of ops) {
          if (add) ipam.allocate(`k${k}`);
          else ipam.release(`k${k}`);
        }
        const ips = ipam.entries().map(([, ip]) => ipToInt(ip));
        assert.equal(new Set(ips).size, ips.length);
        for (const n of ips) assert.ok(n >= ipToInt('10.244.0.2') && n <= ipToInt('10.244.0.62'));
      }),
    );
  });

  test('ipToInt/intToIp round-trip and reject bad input', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => assert.equal(intToIp(ipToInt(ip)), ip)));
    assert.throws(() => ipToInt('10.0.0'), /not an IPv4 address/);
    // What a split-on-dots parser let through: an empty part (Number('') is 0), spaces, leading zeros.
    for (const bad of ['1..2.3', ' 10.0.0.1', '10.0.0.01', '10.1']) assert.throws(() => ipToInt(bad), /not an IPv4 address/, bad);
  });
});

describe('layout', () => {
  test('rejects interface prefixes that would exceed the 15-char limit, naming the field', () => {
    assert.throws(
      () => validateLayout({ ...DEFAULT_LAYOUT, ifPrefix: 'toolong' }),
      (e: unknown) => e instanceof LayoutError && /layout\.ifPrefix/.test(e.message),
    );
    assert.throws(() => validateLayout({ ...DEFAULT_LAYOUT, podRange: '10.244.1.0' }), /layout\.podRange/);
  });

  test('uid8Of takes the first 8 alphanumerics and refuses a missing uid', () => {
    assert.equal(uid8Of('1A2b3c4d-5e6f'), '1a2b3c4d');
    assert.throws(() => uid8Of(undefined), /metadata\.uid/);
  });
});
