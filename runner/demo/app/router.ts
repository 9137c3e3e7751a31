// Routes one completion to a live worker, retrying the others when one fails or times out.
import type { Logger } from '../../log/logger.ts';
import { forwardCompletion } from './forward.ts';
import type { WorkerRegistry } from './registry.ts';

/** The answer to relay to the client, or the reason no worker could give one. */
export type RouteResult =
  | { ok: true; workerId: string; status: number; body: string; attempts: number }
  | { ok: false; reason: 'no_live_workers' | 'all_workers_failed'; attempts: { workerId: string; reason: string }[] };

/** Tries live workers in round-robin order until one answers below 500; each try is bounded by timeoutMs. */
export async function routeCompletion(
  registry: WorkerRegistry,
  body: string,
  model: string | undefined,
  timeoutMs: number,
  logger: Logger,
): Promise<RouteResult> {
  const order = registry.routeOrder(model);
  if (order.length === 0) return { ok: false, reason: 'no_live_workers', attempts: [] };
  const failures: { workerId: string; reason: string }[] = [];
  for (const worker of order) {
    const outcome = await forwardCompletion(worker.url, body, timeoutMs);
    // A 4xx is the client's fault and would fail on every worker alike: relay it instead of retrying.
    if (outcome.ok && outcome.status < 500) {
      registry.markOk(worker.id);
      return { ok: true, workerId: worker.id, status: outcome.status, body: outcome.body, attempts: failures.length + 1 };
    }
    const reason = outcome.ok ? `HTTP ${outcome.status}` : outcome.reason;
    failures.push({ workerId: worker.id, reason });
    registry.markFailed(worker.id);
    logger.warn({ event: 'route.retry', worker: worker.id, url: worker.url, reason }, 'worker failed, trying another');
  }
  return { ok: false, reason: 'all_workers_failed', attempts: failures };
}
