// Demo OpenAI-compatible frontend: discovers workers from NATS heartbeats, sends them completions over NATS,
// and takes their answers on its own HTTP reply endpoint.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { createLogger } from '../../log/logger.ts';
import { frontendConfigFromEnv, loadConfigOrExit, podUrl } from './config.ts';
import { dispatchToWorker } from './dispatch.ts';
import { listen, readJsonBodyOrRefuse, sendJson } from './http.ts';
import { exitCleanlyOnSignals } from './lifecycle.ts';
import { connectNats, type TrackedNats } from './nats.ts';
import { PendingReplies } from './pending-replies.ts';
import { HEARTBEAT_SUBJECT, heartbeatSchema, openAiError, parseCompletionRequest, REPLY_PATH_PREFIX } from './protocol.ts';
import { WorkerRegistry } from './registry.ts';
import { acceptReply } from './reply-endpoint.ts';
import { routeCompletion, type RouteResult } from './router.ts';

const logger = createLogger({ name: 'demo-frontend' });
const config = loadConfigOrExit(() => frontendConfigFromEnv(), logger);
const registry = new WorkerRegistry(config.WORKER_TTL_MS, { baseMs: config.WORKER_BACKOFF_MS, maxMs: config.WORKER_BACKOFF_MAX_MS });
const pending = new PendingReplies();
let nats: TrackedNats | undefined;
let replyBase = '';

/** Models the live workers serve; the configured MODEL while none are live, so clients can still discover a name. */
function servedModels(): string[] {
  const models = new Set(registry.live().map((worker) => worker.model));
  return models.size > 0 ? [...models].sort() : [config.MODEL];
}

const FAILURE_ANSWERS: Record<Exclude<RouteResult, { ok: true }>['reason'], { status: number; message: string }> = {
  no_live_workers: { status: 503, message: 'no live workers (none heart-beat on NATS recently)' },
  no_worker_accepted: { status: 503, message: 'no live worker took the request (no responders on NATS)' },
  // Not retried elsewhere: the worker may have run it (Dynamo's rule too); the client decides whether to resend.
  worker_timeout: { status: 504, message: `the worker did not answer within ${config.REQUEST_TIMEOUT_MS} ms` },
  worker_error: { status: 502, message: 'the request was handed to a worker but NATS failed' },
};

async function completions(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readJsonBodyOrRefuse(req, res);
  if (raw === undefined) return;
  const parsed = parseCompletionRequest(raw);
  if (!('request' in parsed)) {
    sendJson(res, parsed.status, parsed.body);
    return;
  }
  const model = parsed.request.model;
  if (model !== undefined && !servedModels().includes(model)) {
    sendJson(
      res,
      404,
      openAiError(`model "${model}" is not served here; GET /v1/models lists the served ones`, 'invalid_request_error', 'model', 'model_not_found'),
    );
    return;
  }
  // Publishing while disconnected would only queue the request in the client until the budget runs out.
  const connected = nats;
  if (!connected?.isConnected()) {
    sendJson(res, 503, openAiError('the frontend has no NATS connection', 'service_unavailable', null, 'nats_unavailable'));
    return;
  }
  const dispatch = (workerId: string) =>
    dispatchToWorker(
      { nc: connected.nc, pending, replyUrl: (id) => `${replyBase}${REPLY_PATH_PREFIX}${id}` },
      workerId,
      parsed.request,
      config.REQUEST_TIMEOUT_MS,
    );
  const result = await routeCompletion(registry, dispatch, model, logger);
  if (result.ok) {
    sendJson(res, result.reply.status, result.reply.body, { 'x-netpart-worker': result.workerId, 'x-netpart-attempts': String(result.attempts) });
    return;
  }
  const workerId = 'workerId' in result ? result.workerId : undefined;
  logger.warn({ event: 'route.failed', reason: result.reason, worker: workerId, attempts: result.attempts }, 'no answer for the client');
  const answer = FAILURE_ANSWERS[result.reason];
  const headers: Record<string, string> = { 'x-netpart-attempts': String(result.attempts.length) };
  if (workerId) headers['x-netpart-worker'] = workerId;
  sendJson(res, answer.status, openAiError(answer.message, answer.status === 504 ? 'timeout' : 'service_unavailable', null, result.reason), headers);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (req.method === 'GET' && path === '/health') {
    const workers = registry.live().length;
    const natsState = nats?.isConnected() ? 'connected' : 'disconnected';
    const healthy = natsState === 'connected' && workers > 0;
    sendJson(res, healthy ? 200 : 503, { status: healthy ? 'healthy' : 'unhealthy', workers, nats: natsState });
    return;
  }
  if (req.method === 'GET' && path === '/v1/models') {
    const created = Math.floor(Date.now() / 1000);
    sendJson(res, 200, { object: 'list', data: servedModels().map((id) => ({ id, object: 'model', created, owned_by: 'netpart-demo' })) });
    return;
  }
  if (req.method === 'POST' && path === '/v1/completions') return completions(req, res);
  if (req.method === 'POST' && path.startsWith(REPLY_PATH_PREFIX)) return acceptReply(req, res, path.slice(REPLY_PATH_PREFIX.length), pending, logger);
  sendJson(res, 404, openAiError(`no route ${req.method} ${path}`, 'not_found'));
}

const { server, port } = await listen(handle, config.HOST, config.PORT, (error, req) =>
  logger.error({ event: 'http.error', err: error, path: req.url }, 'request failed'),
);
replyBase = podUrl(config.POD_IP, port);
logger.info({ event: 'listening', port, replyBase }, 'frontend listening');
// Expired workers are swept on a timer only so their loss shows up in the log when it happens.
const sweeper = setInterval(
  () => {
    for (const id of registry.sweep()) logger.warn({ event: 'worker.expired', worker: id, ttlMs: config.WORKER_TTL_MS }, 'worker stopped heart-beating');
  },
  Math.max(100, Math.floor(config.WORKER_TTL_MS / 3)),
);
exitCleanlyOnSignals({ server, nats: () => nats, timers: () => [sweeper] }, logger);

nats = await connectNats(
  {
    servers: config.NATS_URL,
    name: 'demo-frontend',
    pingIntervalMs: config.NATS_PING_INTERVAL_MS,
    maxPingsOut: config.NATS_MAX_PINGS_OUT,
    reconnectEveryMs: config.NATS_RECONNECT_EVERY_MS,
  },
  logger,
);
nats.nc.subscribe(HEARTBEAT_SUBJECT, {
  callback: (error, msg) => {
    if (error) {
      logger.warn({ event: 'nats.heartbeat.error', err: error }, 'heartbeat subscription error');
      return;
    }
    let raw: unknown;
    try {
      raw = msg.json();
    } catch {
      logger.warn({ event: 'heartbeat.invalid', reason: 'not JSON' }, 'ignored heartbeat');
      return;
    }
    const beat = heartbeatSchema.safeParse(raw);
    if (!beat.success) {
      logger.warn({ event: 'heartbeat.invalid', reason: z.prettifyError(beat.error) }, 'ignored heartbeat');
      return;
    }
    if (registry.heartbeat(beat.data))
      logger.info({ event: 'worker.discovered', worker: beat.data.id, url: beat.data.url, model: beat.data.model }, 'worker live');
  },
});
