// The frontend's table of requests handed to workers and waiting for the worker's HTTP reply.
import type { WorkReply } from './protocol.ts';

/** What became of a reply POSTed to the frontend. */
export type DeliveryResult = 'delivered' | 'unknown' | 'wrong_worker';

interface Pending {
  worker: string;
  resolve: (reply: WorkReply) => void;
}

/** Request id → waiter; an entry lives from just before the NATS publish until its reply or its deadline. */
export class PendingReplies {
  private readonly waiting = new Map<string, Pending>();

  /**
   * Registers `id` for `worker` before the request is published (the reply can overtake the NATS ack).
   * `reply` resolves with the worker's answer; `cancel` forgets the id so a late reply is refused as unknown.
   */
  expect(id: string, worker: string): { reply: Promise<WorkReply>; cancel: () => void } {
    if (this.waiting.has(id)) throw new Error(`request id ${id} is already pending`);
    const reply = new Promise<WorkReply>((resolve) => this.waiting.set(id, { worker, resolve }));
    return { reply, cancel: () => void this.waiting.delete(id) };
  }

  /** Hands a POSTed reply to its waiter; only the worker the request went to may answer it. */
  deliver(id: string, reply: WorkReply): DeliveryResult {
    const pending = this.waiting.get(id);
    if (!pending) return 'unknown';
    if (pending.worker !== reply.worker) return 'wrong_worker';
    this.waiting.delete(id);
    pending.resolve(reply);
    return 'delivered';
  }

  /** How many requests wait for a reply right now. */
  get size(): number {
    return this.waiting.size;
  }
}
