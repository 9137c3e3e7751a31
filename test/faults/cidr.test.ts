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
    // RFC 4291's (deprecated) IPv4-compatible form, not the IPv4-mapped ::ffff:1.2.3.4
    assert.equal(formatIp(parseIp('::1.2.3.4')), '::102:304');
    assert.equal(formatIp(parseIp('::0:0:0:0:0:0.0.0.0')), '::');
    assert.equal(formatIp(parseIp('1:0:2:3:4:5:6:7')), '1:0:2:3:4:5:6:7');
    assert.equal(hostCidr(parseIp('fd00::5')), 'fd00::5/128');
    assert.equal(hostCidr(parseIp('10.2.3.4')), '10.2.3.4/32');
  });

  test('refuses malformed addresses and CIDRs with the field name', () => {
    const shortOrOctalOrHex = ['10.1', '0x0a.0.0.1', '010.0.0.1', '::ffff:010.0.0.1', '::ffff:0xa.0.0.1'];
    const zonesAndSpaces = ['fe80::1%eth0', ' 10.0.0.1', '10.0.0.1 ', '::1\n'];
    for (const bad of [
      '10.0.0',
      '10.0.0.01',
      '256.0.0.1',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      'fd00::g',
      '',
      '1:2:3:4:5:6:7::8:9',
      ...shortOrOctalOrHex,
      ...zonesAndSpaces,
    ]) {
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

  // The numeric value of a dotted quad, computed independently of the code under test.
  const v4Number = (text: string) => text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

  test('IPv4 order and containment agree with the numeric value of the address', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV4(), fc.integer({ min: 0, max: 32 }), (a, b, prefix) => {
        assert.equal(sign(compareIps(parseIp(a), parseIp(b))), sign(v4Number(a) - v4Number(b)));
        const hostBits = 2 ** (32 - prefix);
        const inside = Math.floor(v4Number(a) / hostBits) === Math.floor(v4Number(b) / hostBits);
        assert.equal(cidrContains(parseCidr(`${a}/${prefix}`), parseIp(b)), inside, `${a}/${prefix} ∋ ${b}`);
      }),
      { numRuns: 300 },
    );
  });

  test('IPv6 order and containment agree with the 128-bit value of the address', () => {
    const v6Number = (text: string) => {
      // expanded form from the test's own 8-group generator: no "::", so the value is plain hex
      return text.split(':').reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
    };
    const group = fc.integer({ min: 0, max: 0xffff }).map((g) => g.toString(16));
    const full = fc.array(group, { minLength: 8, maxLength: 8 }).map((groups) => groups.join(':'));
    fc.assert(
      fc.property(full, full, fc.integer({ min: 0, max: 128 }), (a, b, prefix) => {
        const [x, y] = [v6Number(a), v6Number(b)];
        assert.equal(sign(compareIps(parseIp(a), parseIp(b))), x < y ? -1 : x > y ? 1 : 0);
        const hostBits = BigInt(128 - prefix);
        assert.equal(cidrContains(parseCidr(`${a}/${prefix}`), parseIp(b)), x >> hostBits === y >> hostBits, `${a}/${prefix} ∋ ${b}`);
        assert.deepEqual(parseIp(formatIp(parseIp(a))), parseIp(a));
      }),
      { numRuns: 300 },
    );
  });
});
