// Routes one completion: picks workers in registry order, moves on only when a worker certainly did not get it.
import type { Logger } from '../../log/logger.ts';
import type { DispatchOutcome } from './dispatch.ts';
import type { WorkerRegistry } from './registry.ts';
import type { WorkReply } from './protocol.ts';

/** One worker that was tried and why it did not answer. */
export interface Attempt {
  workerId: string;
  reason: string;
}

/**
 * The worker's answer to relay, or why there is none. `worker_timeout`/`worker_error`: the request was handed to
 * `workerId` and may have run there, so it was not sent to another worker (Dynamo does the same).
 */
export type RouteResult =
  | { ok: true; workerId: string; reply: WorkReply; attempts: number }
  | { ok: false; reason: 'no_live_workers' | 'no_worker_accepted'; attempts: Attempt[] }
  | { ok: false; reason: 'worker_timeout' | 'worker_error'; workerId: string; attempts: Attempt[] };

/** Tries live workers in round-robin order (backed-off ones last) until one takes the request. */
export async function routeCompletion(
  registry: WorkerRegistry,
  dispatch: (workerId: string) => Promise<DispatchOutcome>,
  model: string | undefined,
  logger: Logger,
): Promise<RouteResult> {
  const order = registry.routeOrder(model);
  if (order.length === 0) return { ok: false, reason: 'no_live_workers', attempts: [] };
  const attempts: Attempt[] = [];
  for (const worker of order) {
    const sentAt = Date.now();
    const outcome = await dispatch(worker.id);
    if (outcome.kind === 'answered') {
      // A 5xx from the worker itself still counts against it, but is relayed: it ran, so no retry.
      if (outcome.reply.status >= 500) fail(registry, logger, worker.id, sentAt, `HTTP ${outcome.reply.status}`);
      else registry.markOk(worker.id);
      return { ok: true, workerId: worker.id, reply: outcome.reply, attempts: attempts.length + 1 };
    }
    const reason = outcome.kind === 'timeout' ? `no ${outcome.stage} within the request timeout` : outcome.reason;
    attempts.push({ workerId: worker.id, reason });
    fail(registry, logger, worker.id, sentAt, reason);
    if (outcome.kind === 'not_delivered') {
      logger.warn({ event: 'route.retry', worker: worker.id, reason }, 'worker did not get the request, trying another');
      continue;
    }
    return { ok: false, reason: outcome.kind === 'timeout' ? 'worker_timeout' : 'worker_error', workerId: worker.id, attempts };
  }
  return { ok: false, reason: 'no_worker_accepted', attempts };
}

function fail(registry: WorkerRegistry, logger: Logger, workerId: string, sentAt: number, reason: string): void {
  const backoff = registry.markFailed(workerId, sentAt);
  if (backoff) logger.warn({ event: 'worker.backoff', worker: workerId, reason, ...backoff }, 'worker failed; tried last until its backoff ends');
}
