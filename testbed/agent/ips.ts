// Unique fake pod IPs from 10.244.0.0/16, one per pod uid.

/** Raised when every address of the range is taken. */
export class IpExhaustedError extends Error {
  override name = 'IpExhaustedError';
}

/** Hands out addresses 10.244.0.2 … 10.244.255.254, stable per uid while it lives. */
export class IpAllocator {
  private readonly byUid = new Map<string, number>();
  private readonly used = new Set<number>();
  private next = 2;
  private static readonly SIZE = 65536;

  /** Marks an address as taken (pods already running when the agent restarts). */
  reserve(uid: string, ip: string): void {
    const m = /^10\.244\.(\d+)\.(\d+)$/.exec(ip);
    if (!m) return;
    const n = Number(m[1]) * 256 + Number(m[2]);
    this.byUid.set(uid, n);
    this.used.add(n);
  }

  /** The uid's address, allocating the next free one when it has none. */
  allocate(uid: string): string {
    let n = this.byUid.get(uid);
    if (n === undefined) {
      for (let tries = 0; tries < IpAllocator.SIZE; tries++) {
        const candidate = this.next;
        this.next = this.next + 1 >= IpAllocator.SIZE - 1 ? 2 : this.next + 1;
        if (candidate % 256 !== 0 && candidate % 256 !== 255 && !this.used.has(candidate)) {
          n = candidate;
          break;
        }
      }
      if (n === undefined) throw new IpExhaustedError('no free pod IP left in 10.244.0.0/16');
      this.byUid.set(uid, n);
      this.used.add(n);
    }
    return `10.244.${Math.floor(n / 256)}.${n % 256}`;
  }

  /** Returns the uid's address to the pool. */
  release(uid: string): void {
    const n = this.byUid.get(uid);
    if (n === undefined) return;
    this.byUid.delete(uid);
    this.used.delete(n);
  }
}
