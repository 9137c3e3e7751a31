// IPv4/IPv6 addresses and CIDR blocks of ipBlock peers: node:net checks the text, ipaddr.js parses, matches and formats.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { ValidationError } from '../util/errors.ts';

/** A parsed address: its family and the ipaddr.js value. */
export type IpAddress = { version: 4; address: ipaddr.IPv4 } | { version: 6; address: ipaddr.IPv6 };

/** A parsed CIDR block: network address and prefix length. */
export type Cidr = IpAddress & { prefix: number };

const bitsOf = (version: 4 | 6): number => (version === 4 ? 32 : 128);

/** Parses an IPv4 or IPv6 address; undefined when it is not one. */
export function tryParseIp(text: string): IpAddress | undefined {
  // node:net is the strict gate: four-part decimal IPv4 without leading zeros (some parsers read them as octal),
  // RFC 4291 IPv6; ipaddr.js alone accepts "10.1", "0x0a.0.0.1" and "::ffff:010.0.0.1". A zone ("%eth0") is no pod IP.
  const version = isIP(text);
  if (version === 4) return { version, address: ipaddr.IPv4.parse(text) };
  if (version !== 6 || text.includes('%')) return undefined;
  // ipaddr.js reads "::a.b.c.d" as "::ffff:a.b.c.d" (IPv4-mapped); RFC 4291 means ::a.b.c.d, which "0::a.b.c.d" spells
  const spelled = /^::[\d.]+$/.test(text) ? `0${text}` : text;
  return { version, address: ipaddr.IPv6.parse(spelled) };
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
  if (cidr.version === 4) return ip.version === 4 && ip.address.match(cidr.address, cidr.prefix);
  return ip.version === 6 && ip.address.match(cidr.address, cidr.prefix);
}

/** The canonical text of an address (RFC 5952 for IPv6) so that equal addresses compare equal. */
export function formatIp(ip: IpAddress): string {
  return ip.version === 4 ? ip.address.toString() : ip.address.toRFC5952String();
}

/** The single-host CIDR of an address: /32 for IPv4, /128 for IPv6. */
export function hostCidr(ip: IpAddress): string {
  return `${formatIp(ip)}/${bitsOf(ip.version)}`;
}

/** Orders addresses: IPv4 before IPv6, then numerically. */
export function compareIps(a: IpAddress, b: IpAddress): number {
  if (a.version !== b.version) return a.version - b.version;
  const x = a.address.toByteArray();
  const y = b.address.toByteArray();
  const i = x.findIndex((byte, at) => byte !== y[at]);
  return i < 0 ? 0 : x[i]! - y[i]!;
}
