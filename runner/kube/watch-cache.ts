// A watch-backed cache of one resource collection (a controller's informer, reduced to what the engine needs): one list,
// then the watch's events, so a long-lived process (the API service, a runner) reads pods and policies without a
// round trip. It only ever answers while its watch is connected; otherwise callers read the API server directly.
import { ERROR_CODES, NetpartError } from '../util/errors.ts';
import type { KubeConfig } from '@kubernetes/client-node';
import { Watch } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { rawJson } from './raw.ts';

/** What every cached object has. */
interface Named {
  metadata?: { name?: string; resourceVersion?: string };
}

/** Settings of one cache. */
export interface WatchCacheOptions<T> {
  /** Collection path, e.g. `/api/v1/namespaces/ns/pods`. */
  path: string;
  labelSelector?: string;
  /** Keeps the fields callers read (memory: 10 000 full pods are ~50 MB, trimmed ~5 MB). */
  trim: (object: T) => T;
  /** Called with why when the cache stops answering, or cannot start (it retries by itself with backoff). */
  onLost?: (error: unknown) => void;
}

// Re-list backoff after a failure: 0.5 s doubling to 30 s (a kubelet's informer uses the same shape).
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/** One collection followed by list + watch. `start()` is idempotent; `stop()` ends the watch for good. */
export class WatchCache<T extends Named> {
  private readonly items = new Map<string, T>();
  // list()'s answer, shared until the next change: concurrent readers (a burst of injects) get one array, and what
  // they derive from it can be remembered by its identity (resolve.ts indexes pods that way).
  private snapshot: readonly T[] | undefined;
  private live = false;
  private stopped = false;
  private started = false;
  private everFailed = false;
  private abort: AbortController | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly config: KubeConfig,
    private readonly options: WatchCacheOptions<T>,
  ) {}

  /** True while the cache holds a complete list and its watch is connected. */
  get synced(): boolean {
    return this.live && !this.stopped;
  }

  /** The cached objects (undefined while not synced: read the API server instead); the same array until a change. */
  list(): readonly T[] | undefined {
    if (!this.synced) return undefined;
    return (this.snapshot ??= [...this.items.values()]);
  }

  /** One cached object by name; undefined when absent or not synced (`synced` tells which). */
  get(name: string): T | undefined {
    return this.synced ? this.items.get(name) : undefined;
  }

  /** Starts following the collection (in the background; failures retry with backoff). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    void this.run();
  }

  /** Resolves true once synced, false after `timeoutMs` or when stopped. */
  async ready(timeoutMs: number): Promise<boolean> {
    if (this.synced) return true;
    const timer = sleep(timeoutMs, false, { ref: false });
    const synced = new Promise<boolean>((resolve) => this.waiters.add(() => resolve(true)));
    return Promise.race([synced, timer]);
  }

  /** Ends the watch; the cache answers nothing afterwards. */
  stop(): void {
    this.stopped = true;
    this.live = false;
    this.abort?.abort();
  }

  private query(extra: Record<string, string>): string {
    const params = new URLSearchParams({ ...(this.options.labelSelector ? { labelSelector: this.options.labelSelector } : {}), ...extra });
    return params.toString();
  }

  private async run(): Promise<void> {
    let backoff = FIRST_BACKOFF_MS;
    while (!this.stopped) {
      try {
        const resourceVersion = await this.relist();
        backoff = FIRST_BACKOFF_MS;
        await this.follow(resourceVersion);
      } catch (error) {
        this.lost(error);
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may have run during the awaits; TS keeps the loop test's narrowing
        if (this.stopped) return;
        await sleep(backoff, undefined, { ref: false });
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
  }

  // The watch cache's copy (resourceVersion=0) is what an informer starts from; the watch then brings it up to date.
  private async relist(): Promise<string> {
    const list = await rawJson<{ items?: T[]; metadata?: { resourceVersion?: string } }>(this.config, {
      path: `${this.options.path}?${this.query({ resourceVersion: '0' })}`,
    });
    this.items.clear();
    this.snapshot = undefined;
    for (const item of list.items ?? []) this.put(item);
    return list.metadata?.resourceVersion ?? '';
  }

  private put(object: T): void {
    const name = object.metadata?.name;
    if (!name) return;
    this.items.set(name, this.options.trim(object));
    this.snapshot = undefined;
  }

  /** Follows the watch from `resourceVersion` until it ends; a normal end (server timeout) re-watches from the last one. */
  private async follow(from: string): Promise<void> {
    let resourceVersion = from;
    for (;;) {
      const ended = await new Promise<unknown>((resolve) => {
        let over = false;
        const finish = (why: unknown) => {
          if (over) return;
          over = true;
          this.abort?.abort();
          resolve(why);
        };
        const onEvent = (type: string, object: T & { code?: number }) => {
          if (over) return;
          if (type === 'ERROR') {
            finish(new WatchCacheExpired(`watch of ${this.options.path} ended: ${JSON.stringify(object)}`));
            return;
          }
          resourceVersion = object.metadata?.resourceVersion ?? resourceVersion;
          if (type === 'ADDED' || type === 'MODIFIED') this.put(object);
          else if (type === 'DELETED' && this.items.delete(object.metadata?.name ?? '')) this.snapshot = undefined;
          // BOOKMARK only moves resourceVersion on.
        };
        const query = { allowWatchBookmarks: true, resourceVersion, ...(this.options.labelSelector ? { labelSelector: this.options.labelSelector } : {}) };
        new Watch(this.config)
          .watch(this.options.path, query, onEvent, (error: unknown) => finish(error ?? null))
          .then((abort) => {
            this.abort = abort;
            if (over || this.stopped) {
              abort.abort();
              return;
            }
            // The watch is open from `resourceVersion` on: whatever the list missed arrives as events from here.
            this.markLive();
          }, finish);
      });
      if (this.stopped) return;
      // finish() gets our WatchCacheExpired or the Error client-node's watch ended with
      if (ended !== null) throw ended as Error;
    }
  }

  private markLive(): void {
    this.live = true;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  // Told once per loss: when a synced cache goes stale, or when it never synced in the first place (e.g. no `watch`
  // right), not on every retry.
  private lost(error: unknown): void {
    const report = this.live || !this.everFailed;
    this.live = false;
    this.everFailed = true;
    if (report && !this.stopped) this.options.onLost?.(error);
  }
}

/** The watch ended with an ERROR event (typically 410 Gone: the resourceVersion is too old); the cache re-lists. */
export class WatchCacheExpired extends NetpartError {
  override name = 'WatchCacheExpired';
  constructor(message: string, options?: ErrorOptions) {
    super(ERROR_CODES.watchExpired, message, options);
  }
}
