// Demo OpenAI-compatible frontend: discovers workers from NATS heartbeats and routes completions to them over HTTP.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { createLogger } from '../../log/logger.ts';
import { loadConfigOrExit, frontendConfigFromEnv } from './config.ts';
import { listen, readJsonBodyOrRefuse, sendJson } from './http.ts';
import { exitCleanlyOnSignals } from './lifecycle.ts';
import { connectNats, type TrackedNats } from './nats.ts';
import { HEARTBEAT_SUBJECT, heartbeatSchema, openAiError, parseCompletionRequest } from './protocol.ts';
import { WorkerRegistry } from './registry.ts';
import { routeCompletion } from './router.ts';

const logger = createLogger({ name: 'demo-frontend' });
const config = loadConfigOrExit(() => frontendConfigFromEnv(), logger);
const registry = new WorkerRegistry(config.WORKER_TTL_MS, config.WORKER_BACKOFF_MS);
let nats: TrackedNats | undefined;

/** Models the live workers serve; the configured MODEL while none are live, so clients can still discover a name. */
function servedModels(): string[] {
  const models = new Set(registry.live().map((worker) => worker.model));
  return models.size > 0 ? [...models].sort() : [config.MODEL];
}

async function completions(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readJsonBodyOrRefuse(req, res);
  if (raw === undefined) return;
  const parsed = parseCompletionRequest(raw);
  if (!('request' in parsed)) return sendJson(res, parsed.status, parsed.body);
  const model = parsed.request.model;
  if (model !== undefined && !servedModels().includes(model)) {
    return sendJson(res, 404, openAiError(`model "${model}" is not served here; GET /v1/models lists the served ones`, 'invalid_request_error', 'model', 'model_not_found'));
  }
  const result = await routeCompletion(registry, JSON.stringify(parsed.request), model, config.REQUEST_TIMEOUT_MS, logger);
  if (result.ok) {
    res.writeHead(result.status, { 'content-type': 'application/json', 'x-netpart-worker': result.workerId, 'x-netpart-attempts': String(result.attempts) });
    return void res.end(result.body);
  }
  logger.warn({ event: 'route.failed', reason: result.reason, attempts: result.attempts }, 'no worker answered');
  const message = result.reason === 'no_live_workers' ? 'no live workers (none heart-beat on NATS recently)' : 'every live worker failed';
  sendJson(res, 503, openAiError(message, 'service_unavailable', null, result.reason));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/health') {
    const workers = registry.live().length;
    const natsState = nats?.isConnected() ? 'connected' : 'disconnected';
    const healthy = natsState === 'connected' && workers > 0;
    return sendJson(res, healthy ? 200 : 503, { status: healthy ? 'healthy' : 'unhealthy', workers, nats: natsState });
  }
  if (req.method === 'GET' && path === '/v1/models') {
    const created = Math.floor(Date.now() / 1000);
    return sendJson(res, 200, { object: 'list', data: servedModels().map((id) => ({ id, object: 'model', created, owned_by: 'netpart-demo' })) });
  }
  if (req.method === 'POST' && path === '/v1/completions') return completions(req, res);
  sendJson(res, 404, openAiError(`no route ${req.method} ${path}`, 'not_found'));
}

const { server, port } = await listen(handle, config.HOST, config.PORT, (error, req) =>
  logger.error({ event: 'http.error', err: error, path: req.url }, 'request failed'),
);
logger.info({ event: 'listening', port }, 'frontend listening');
// Expired workers are swept on a timer only so their loss shows up in the log when it happens.
const sweeper = setInterval(() => {
  for (const id of registry.sweep()) logger.warn({ event: 'worker.expired', worker: id, ttlMs: config.WORKER_TTL_MS }, 'worker stopped heart-beating');
}, Math.max(100, Math.floor(config.WORKER_TTL_MS / 3)));
exitCleanlyOnSignals({ server, nats: () => nats, timers: () => [sweeper] }, logger);

nats = await connectNats({ servers: config.NATS_URL, name: 'demo-frontend', pingIntervalMs: config.NATS_PING_INTERVAL_MS, reconnectEveryMs: config.NATS_RECONNECT_EVERY_MS }, logger);
nats.nc.subscribe(HEARTBEAT_SUBJECT, {
  callback: (error, msg) => {
    if (error) return logger.warn({ event: 'nats.heartbeat.error', err: error }, 'heartbeat subscription error');
    let raw: unknown;
    try {
      raw = msg.json();
    } catch {
      return logger.warn({ event: 'heartbeat.invalid', reason: 'not JSON' }, 'ignored heartbeat');
    }
    const beat = heartbeatSchema.safeParse(raw);
    if (!beat.success) return logger.warn({ event: 'heartbeat.invalid', reason: z.prettifyError(beat.error) }, 'ignored heartbeat');
    if (registry.heartbeat(beat.data)) logger.info({ event: 'worker.discovered', worker: beat.data.id, url: beat.data.url, model: beat.data.model }, 'worker live');
  },
});
