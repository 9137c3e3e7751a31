// IPv4/IPv6 address and CIDR arithmetic for ipBlock peers; BigInt keeps v4 and v6 on one code path.
import { ValidationError } from '../util/errors.ts';

/** A parsed address: family and its numeric value. */
export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

/** A parsed CIDR block: network address and prefix length. */
export interface Cidr extends IpAddress {
  prefix: number;
}

const bitsOf = (version: 4 | 6): number => (version === 4 ? 32 : 128);

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    // Leading zeros are refused because some parsers read them as octal.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const groups: number[] = [];
    const pieces = half.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = toGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Parses an IPv4 or IPv6 address; undefined when it is not one. */
export function tryParseIp(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

/** Parses an address or throws a ValidationError naming `field`. */
export function parseIp(text: string, field = 'ip'): IpAddress {
  const ip = tryParseIp(text);
  if (!ip) throw new ValidationError(`${field}: "${text}" is not an IPv4 or IPv6 address`, [`${field}: not an IP address`]);
  return ip;
}

/** Parses "addr/prefix"; host bits are kept but ignored by cidrContains, as older apiservers accepted them. */
export function parseCidr(text: string, field = 'cidr'): Cidr {
  const [addr, prefixText, extra] = text.split('/');
  const ip = addr === undefined ? undefined : tryParseIp(addr);
  const prefix = prefixText !== undefined && /^[0-9]{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!ip || extra !== undefined || !(prefix >= 0 && prefix <= bitsOf(ip.version))) {
    throw new ValidationError(`${field}: "${text}" is not a CIDR like 10.0.0.0/8 or fd00::/8`, [`${field}: not a CIDR`]);
  }
  return { ...ip, prefix };
}

/** True when `ip` lies inside `cidr` (same family, same leading prefix bits). */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.version !== ip.version) return false;
  const hostBits = BigInt(bitsOf(ip.version) - cidr.prefix);
  return cidr.value >> hostBits === ip.value >> hostBits;
}

/** The canonical text of an address (RFC 5952 for IPv6) so that equal addresses compare equal. */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn));
  // The longest run of two or more zero groups is compressed; the first wins a tie.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** The single-host CIDR of an address: /32 for IPv4, /128 for IPv6. */
export function hostCidr(ip: IpAddress): string {
  return `${formatIp(ip)}/${bitsOf(ip.version)}`;
}

/** Orders addresses: IPv4 before IPv6, then numerically. */
export function compareIps(a: IpAddress, b: IpAddress): number {
  if (a.version !== b.version) return a.version - b.version;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}
