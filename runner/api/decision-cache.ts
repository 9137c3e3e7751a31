// Short-lived memory of TokenReview and SubjectAccessReview answers, as kube-apiserver keeps for its webhook
// authenticator and authorizer: without it every API call pays two extra round trips before any work.
import { createHash } from 'node:crypto';

/** How long answers are trusted: a revoked token or RoleBinding takes effect within these. */
export const TOKEN_TTL_MS = 30_000;
export const ALLOWED_TTL_MS = 30_000;
export const DENIED_TTL_MS = 5_000;
const MAX_ENTRIES = 2_048;

/** A bounded map of promises that expire; a failed lookup is forgotten at once so the next call asks again. */
export class DecisionCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; until: number }>();

  constructor(
    private readonly ttlFor: (value: T) => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached answer for `key`, else `load()`'s, kept for ttlFor(answer) ms. */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.until > this.now()) return hit.value;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    const value = load();
    const entry = { value, until: Number.POSITIVE_INFINITY };
    this.entries.set(key, entry);
    value.then(
      (answer) => (entry.until = this.now() + this.ttlFor(answer)),
      () => this.entries.get(key) === entry && this.entries.delete(key),
    );
    return value;
  }
}

/** The cache key of a bearer token: its SHA-256, so no token is held in memory longer than its request. */
export const tokenKey = (token: string): string => createHash('sha256').update(token).digest('hex');
