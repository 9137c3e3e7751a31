// Where the engine's Event writes wait: on the inject/recover path (one-shot processes), or in a queue beside it
// (long-lived ones).

/** How many transitions' Events a long-lived engine writes at once (client-go's recorder writes one at a time). */
export const EVENT_WRITERS = 2;
/** Transitions waiting at most; past it `record` waits for room, so a stream faster than the writers is slowed, not dropped. */
export const EVENT_QUEUE_LIMIT = 1000;

/**
 * The engine's best-effort writes (Events). In the foreground a call waits for its Events, as a one-shot CLI process
 * must before it exits. In the background — a long-lived process — inject and recover return once the partition is in
 * place or gone, and the Events go into a queue that `EVENT_WRITERS` writers empty in order, as client-go's event
 * recorder does with its single writer: a burst of 100 faults then sends its ~300 Events a few at a time instead of
 * all at once, beside (and competing with) the policy writes of the faults still being injected or recovered.
 * `flush()` waits for the queue to empty (the engine's release does, so a runner or API service that stops has written
 * them). Nothing changes for the cluster's state: Events never decide a partition, and a failed write is logged, never
 * thrown (events/write.ts).
 */
export class EventWrites {
  readonly #background: boolean;
  readonly #queue: (() => Promise<unknown>)[] = [];
  #writers = 0;
  #idle: (() => void)[] = [];
  #room: (() => void)[] = [];

  constructor(background: boolean) {
    this.#background = background;
  }

  /** Runs `write` and waits for it (foreground), or queues it and returns at once (background). */
  async record(write: () => Promise<unknown>): Promise<void> {
    if (!this.#background) {
      await write();
      return;
    }
    while (this.#queue.length >= EVENT_QUEUE_LIMIT) await new Promise<void>((resolve) => this.#room.push(resolve));
    this.#queue.push(write);
    if (this.#writers < EVENT_WRITERS) void this.#drain();
  }

  /** Resolves when every write recorded so far has ended. */
  async flush(): Promise<void> {
    if (this.#writers === 0 && this.#queue.length === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  async #drain(): Promise<void> {
    this.#writers++;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
        this.#room.shift()?.();
        await next().catch(() => undefined);
      }
    } finally {
      this.#writers--;
      if (this.#writers === 0 && this.#queue.length === 0) for (const resolve of this.#idle.splice(0)) resolve();
    }
  }
}
