// Frontend side of the request plane: one completion published on one worker's NATS subject, answered over HTTP.
import { randomUUID } from 'node:crypto';
import { NoRespondersError, RequestError, TimeoutError, type NatsConnection } from '@nats-io/transport-node';
import type { PendingReplies } from './pending-replies.ts';
import { completionsSubject, workAckSchema, type WorkReply, type WorkRequest } from './protocol.ts';

/**
 * How one hand-over ended. `not_delivered` means the worker certainly did not run the request (NATS had no subscriber
 * for its subject, or the worker refused it), so another worker may. `timeout` and `error` mean it may have run.
 */
export type DispatchOutcome =
  | { kind: 'answered'; reply: WorkReply }
  | { kind: 'not_delivered'; reason: string }
  | { kind: 'timeout'; stage: 'ack' | 'reply' }
  | { kind: 'error'; reason: string };

/** What dispatching needs from the frontend: its NATS connection, its pending table and its reply URL builder. */
export interface DispatchDeps {
  nc: Pick<NatsConnection, 'request'>;
  pending: PendingReplies;
  replyUrl: (id: string) => string;
}

type AckOutcome = { kind: 'accepted' } | Exclude<DispatchOutcome, { kind: 'answered' }>;

/**
 * Publishes `request` to `workerId` with a NATS request whose answer is only the worker's "accepted", then waits for
 * the worker's POST to the reply URL. One budget, timeoutMs, covers both; nothing is retried here.
 */
export async function dispatchToWorker(deps: DispatchDeps, workerId: string, request: unknown, timeoutMs: number): Promise<DispatchOutcome> {
  const id = randomUUID();
  // Registered before publishing: the HTTP reply travels on another path and may arrive before the NATS ack.
  const { reply, cancel } = deps.pending.expect(id, workerId);
  const message: WorkRequest = { id, replyTo: deps.replyUrl(id), timeoutMs, request };
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<{ kind: 'expired' }>((resolve) => (timer = setTimeout(() => resolve({ kind: 'expired' }), timeoutMs)));
  const answered = reply.then((r) => ({ kind: 'answered' as const, reply: r }));
  const ack = deps.nc.request(completionsSubject(workerId), JSON.stringify(message), { timeout: timeoutMs }).then(readAck, classifyRequestError);
  try {
    const first = await Promise.race([answered, ack, expired]);
    if (first.kind === 'answered') return first;
    if (first.kind === 'expired') return { kind: 'timeout', stage: 'ack' };
    if (first.kind !== 'accepted') return first;
    const second = await Promise.race([answered, expired]);
    return second.kind === 'answered' ? second : { kind: 'timeout', stage: 'reply' };
  } finally {
    clearTimeout(timer);
    cancel();
  }
}

function readAck(msg: { json: () => unknown }): AckOutcome {
  let raw: unknown;
  try {
    raw = msg.json();
  } catch {
    return { kind: 'error', reason: 'worker acknowledged with something that is not JSON' };
  }
  const parsed = workAckSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'error', reason: 'worker acknowledged with an unknown shape' };
  return parsed.data.accepted ? { kind: 'accepted' } : { kind: 'not_delivered', reason: `refused: ${parsed.data.reason ?? 'no reason given'}` };
}

function classifyRequestError(error: unknown): AckOutcome {
  // No responders: the NATS server knows no subscriber for the subject, so nobody received the request.
  if (error instanceof NoRespondersError || (error instanceof RequestError && error.isNoResponders())) {
    return { kind: 'not_delivered', reason: 'no responders' };
  }
  if (error instanceof TimeoutError) return { kind: 'timeout', stage: 'ack' };
  return { kind: 'error', reason: error instanceof Error ? error.message : String(error) };
}
