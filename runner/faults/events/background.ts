// Where the engine's Event writes wait: on the inject/recover path (one-shot processes), or in a queue beside it
// (long-lived ones), behind the partition writes.
/** How many transitions' Events a long-lived engine writes at once (client-go's recorder writes one at a time). */
export const EVENT_WRITERS = 2;
/** Transitions waiting at most; past it `record` waits for room, so a stream faster than the writers is slowed, not dropped. */
export const EVENT_QUEUE_LIMIT = 1000;
/**
 * How long (ms) the engine's partition writes must have paused before queued Events go: a client that goes straight on
 * to its next request (recover after inject, over HTTP too) is back well within it.
 */
export const EVENT_QUIET_MS = 25;
/** How long (ms) a queued Event waits at most for the engine's partition writes to pause before it is written anyway. */
export const EVENT_MAX_DELAY_MS = 1000;

interface QueuedWrite {
  write: () => Promise<unknown>;
  /** Epoch ms after which it is written even while partition writes are in flight. */
  due: number;
}

/**
 * The engine's best-effort writes (Events). In the foreground a call waits for its Events, as a one-shot CLI process
 * must before it exits. In the background — a long-lived process — inject and recover return once the partition is in
 * place or gone, and the Events go into a queue that `EVENT_WRITERS` writers empty in order, as client-go's event
 * recorder does with its single writer.
 *
 * Partition writes come first: while any inject or recover of the engine is in flight (`busy`), and for
 * `EVENT_QUIET_MS` after the last one ended, the queue waits — up to `EVENT_MAX_DELAY_MS` per Event, or until it is
 * half full — so an Event never competes with the write of a policy
 * for the API server (on a small control plane, one Event create beside a policy delete slows that delete by about
 * its own cost). A fault that is held writes its FaultInjected Events 25 ms after inject returned; a stream of back-to-back faults writes
 * them in its pauses, at most a second late. `flush()` waits for the queue to empty (the engine's release does, so a
 * runner or API service that stops has written them). Nothing changes for the cluster's state: Events never decide a
 * partition, and a failed write is logged, never thrown (events/write.ts).
 */
export class EventWrites {
  readonly #background: boolean;
  readonly #maxDelayMs: number;
  readonly #quietMs: number;
  readonly #queue: QueuedWrite[] = [];
  #writers = 0;
  #busy = 0;
  /** When the last partition write ended (epoch ms). */
  #lastEnded = 0;
  #idle: (() => void)[] = [];
  #room: (() => void)[] = [];
  #quiet: (() => void)[] = [];

  constructor(background: boolean, options: { maxDelayMs?: number; quietMs?: number } = {}) {
    this.#background = background;
    this.#maxDelayMs = options.maxDelayMs ?? EVENT_MAX_DELAY_MS;
    this.#quietMs = options.quietMs ?? EVENT_QUIET_MS;
  }

  /** Runs `write` and waits for it (foreground), or queues it and returns at once (background). */
  async record(write: () => Promise<unknown>): Promise<void> {
    if (!this.#background) {
      await write();
      return;
    }
    while (this.#queue.length >= EVENT_QUEUE_LIMIT) await new Promise<void>((resolve) => this.#room.push(resolve));
    this.#queue.push({ write, due: Date.now() + this.#maxDelayMs });
    if (this.#writers < EVENT_WRITERS) void this.#drain();
  }

  /** A partition write has started: queued Events wait until the returned function (idempotent) says it ended. */
  busy(): () => void {
    this.#busy++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.#busy > 0) return;
      this.#lastEnded = Date.now();
      this.#wake();
    };
  }

  /** Writes what is queued now, without waiting for a pause, and resolves when every write recorded so far has ended. */
  async flush(): Promise<void> {
    if (this.#writers === 0 && this.#queue.length === 0) return;
    const done = new Promise<void>((resolve) => this.#idle.push(resolve));
    this.#wake();
    await done;
  }

  #wake(): void {
    for (const resolve of this.#quiet.splice(0)) resolve();
  }

  /** Waits until partition writes have paused for `quietMs`, the oldest Event is due, the queue is half full or flush() asks. */
  async #turn(): Promise<void> {
    for (;;) {
      const now = Date.now();
      const due = (this.#queue[0]?.due ?? now) - now;
      // While a write is in flight, until it ends (wake) or the Event is due; after, until the pause is long enough.
      const wait = Math.min(due, this.#busy > 0 ? due : this.#lastEnded + this.#quietMs - now);
      if (wait <= 0 || this.#idle.length > 0 || this.#queue.length >= EVENT_QUEUE_LIMIT / 2) return;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.#quiet.push(resolve);
        timer = setTimeout(resolve, wait);
      });
      clearTimeout(timer);
    }
  }

  async #drain(): Promise<void> {
    this.#writers++;
    try {
      for (;;) {
        await this.#turn();
        const next = this.#queue.shift();
        if (!next) break;
        this.#room.shift()?.();
        await next.write().catch(() => undefined);
      }
    } finally {
      this.#writers--;
      if (this.#writers === 0 && this.#queue.length === 0) for (const resolve of this.#idle.splice(0)) resolve();
    }
  }
}
