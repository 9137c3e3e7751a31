// Where the engine's Event writes wait: on the inject/recover path (one-shot processes), or beside it (long-lived ones).

/**
 * The engine's best-effort writes (Events). In the foreground a call waits for its Events, as a one-shot CLI process
 * must before it exits. In the background — a long-lived process, as client-go's event recorder does — inject and
 * recover return once the partition is in place or gone, and the Events follow; `flush()` waits for those still in
 * flight (the engine's release does, so a runner or API service that stops has written them). Nothing changes for the
 * cluster's state: Events never decide a partition, and a failed write is logged, never thrown (events/write.ts).
 */
export class EventWrites {
  readonly #background: boolean;
  readonly #pending = new Set<Promise<unknown>>();

  constructor(background: boolean) {
    this.#background = background;
  }

  /** Waits for `write` (foreground) or tracks it and returns at once (background). */
  async record(write: Promise<unknown>): Promise<void> {
    if (!this.#background) {
      await write;
      return;
    }
    const tracked = write.catch(() => undefined).finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  /** Resolves when every write started so far has ended. */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
