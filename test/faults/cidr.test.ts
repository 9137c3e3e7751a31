// Address parsing, canonical forms and CIDR containment for both IP families.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cidrContains, compareIps, formatIp, hostCidr, parseCidr, parseIp, tryParseIp } from '../../runner/faults/cidr.ts';

describe('cidr', () => {
  test('parses and canonicalises IPv4 and IPv6', () => {
    assert.equal(formatIp(parseIp('10.0.0.1')), '10.0.0.1');
    assert.equal(formatIp(parseIp('FD00:0:0:0:0:0:0:1')), 'fd00::1');
    assert.equal(formatIp(parseIp('2001:db8:0:0:1:0:0:1')), '2001:db8::1:0:0:1');
    assert.equal(formatIp(parseIp('::')), '::');
    assert.equal(formatIp(parseIp('::ffff:10.0.0.1')), '::ffff:a00:1');
    assert.equal(formatIp(parseIp('1:0:2:3:4:5:6:7')), '1:0:2:3:4:5:6:7');
    assert.equal(hostCidr(parseIp('fd00::5')), 'fd00::5/128');
    assert.equal(hostCidr(parseIp('10.2.3.4')), '10.2.3.4/32');
  });

  test('refuses malformed addresses and CIDRs with the field name', () => {
    for (const bad of ['10.0.0', '10.0.0.01', '256.0.0.1', '1::2::3', '1:2:3:4:5:6:7:8:9', 'fd00::g', '', '1:2:3:4:5:6:7::8:9']) {
      assert.equal(tryParseIp(bad), undefined, bad);
    }
    assert.throws(() => parseCidr('10.0.0.0/33', 'ipBlock.cidr'), /ipBlock.cidr: "10.0.0.0\/33"/);
    assert.throws(() => parseCidr('10.0.0.0', 'x'), /x: /);
  });

  test('containment respects prefix and family', () => {
    assert.ok(cidrContains(parseCidr('0.0.0.0/0'), parseIp('203.0.113.9')));
    assert.ok(!cidrContains(parseCidr('0.0.0.0/0'), parseIp('::1')));
    assert.ok(cidrContains(parseCidr('10.1.0.0/16'), parseIp('10.1.255.1')));
    assert.ok(!cidrContains(parseCidr('10.1.0.0/16'), parseIp('10.2.0.1')));
    assert.ok(cidrContains(parseCidr('fd00::/8'), parseIp('fdff::1')));
    assert.ok(!cidrContains(parseCidr('fd00::1/128'), parseIp('fd00::2')));
  });

  test('formatting round-trips for random addresses and orders v4 before v6', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (text) => {
        const ip = parseIp(text);
        assert.deepEqual(parseIp(formatIp(ip)), ip);
        assert.ok(cidrContains(parseCidr(hostCidr(ip)), ip));
      }),
      { numRuns: 300 },
    );
    assert.ok(compareIps(parseIp('255.255.255.255'), parseIp('::')) < 0);
  });
});
