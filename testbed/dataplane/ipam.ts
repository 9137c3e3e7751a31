// Deterministic pod IP allocation inside one IPv4 /16: lowest free address first, keyed by pod UID.
import { isIPv4 } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Raised when the pod range has no free address left. */
export class IpamExhaustedError extends Error {
  override name = 'IpamExhaustedError';
}

/** Parses a dotted IPv4 address into an integer; throws naming the bad value. */
export function ipToInt(ip: string): number {
  // node:net decides what is an address (ipaddr.js alone also takes "10.1", leading zeros and hex parts).
  if (!isIPv4(ip)) throw new Error(`"${ip}" is not an IPv4 address; use a.b.c.d`);
  const [a, b, c, d] = ipaddr.IPv4.parse(ip).octets as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/** Formats an integer as a dotted IPv4 address. */
export function intToIp(n: number): string {
  return new ipaddr.IPv4([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]).toString();
}

/** Hands out pod IPs from `base`+2 … `base`+size-2 (base+1 is the node, the last is broadcast-like and skipped). */
export class PodIpam {
  private readonly byKey = new Map<string, number>();
  private readonly used = new Set<number>();
  private readonly first: number;
  private readonly last: number;

  constructor(base: string, size = 65536) {
    this.first = ipToInt(base) + 2;
    this.last = ipToInt(base) + size - 2;
  }

  /** Returns the key's address, allocating the lowest free one on first use (same key → same IP). */
  allocate(key: string): string {
    const known = this.byKey.get(key);
    if (known !== undefined) return intToIp(known);
    for (let n = this.first; n <= this.last; n++) {
      if (this.used.has(n)) continue;
      this.used.add(n);
      this.byKey.set(key, n);
      return intToIp(n);
    }
    throw new IpamExhaustedError(`no free pod IP left in ${intToIp(this.first - 2)}; remove pods or widen the range`);
  }

  /** Frees the key's address; releasing an unknown key is a no-op. */
  release(key: string): void {
    const n = this.byKey.get(key);
    if (n === undefined) return;
    this.byKey.delete(key);
    this.used.delete(n);
  }

  /** Current allocations, for the state file. */
  entries(): Array<[string, string]> {
    return [...this.byKey].map(([k, n]) => [k, intToIp(n)]);
  }
}
