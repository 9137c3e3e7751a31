// Demo inference worker: heart-beats on NATS for discovery and answers completions over HTTP and NATS request/reply.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLogger } from '../../log/logger.ts';
import { loadConfigOrExit, workerConfigFromEnv, workerUrl } from './config.ts';
import { listen, readJsonBodyOrRefuse, sendJson } from './http.ts';
import { exitCleanlyOnSignals } from './lifecycle.ts';
import { connectNats, type TrackedNats } from './nats.ts';
import { buildCompletion, generateSubject, HEARTBEAT_SUBJECT, openAiError, parseCompletionRequest, type ParsedCompletion } from './protocol.ts';

const baseLogger = createLogger({ name: 'demo-worker' });
const config = loadConfigOrExit(() => workerConfigFromEnv(), baseLogger);
const logger = baseLogger.child({ worker: config.POD_NAME });
let nats: TrackedNats | undefined;
let heartbeat: NodeJS.Timeout | undefined;

/** The completion for a valid request, or the OpenAI error that refused it, with its HTTP status. */
function complete(parsed: ParsedCompletion): { status: number; body: unknown } {
  return 'request' in parsed ? { status: 200, body: buildCompletion(config.POD_NAME, config.MODEL, parsed.request) } : parsed;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/health') {
    // Readiness = HTTP serving; NATS state is reported, not gated on, so a NATS partition stays observable.
    return sendJson(res, 200, { status: 'healthy', worker: config.POD_NAME, nats: nats?.isConnected() ? 'connected' : 'disconnected' });
  }
  if (req.method === 'GET' && path === '/v1/models') {
    return sendJson(res, 200, { object: 'list', data: [{ id: config.MODEL, object: 'model', owned_by: 'netpart-demo' }] });
  }
  if (req.method === 'POST' && path === '/v1/completions') {
    const raw = await readJsonBodyOrRefuse(req, res);
    if (raw === undefined) return;
    const answer = complete(parseCompletionRequest(raw));
    return sendJson(res, answer.status, answer.body, { 'x-netpart-worker': config.POD_NAME });
  }
  sendJson(res, 404, openAiError(`no route ${req.method} ${path}`, 'not_found'));
}

const { server, port } = await listen(handle, config.HOST, config.PORT, (error, req) =>
  logger.error({ event: 'http.error', err: error, path: req.url }, 'request failed'),
);
const url = workerUrl(config.POD_IP, port);
logger.info({ event: 'listening', port, url }, 'worker listening');
exitCleanlyOnSignals({ server, nats: () => nats, timers: () => (heartbeat ? [heartbeat] : []) }, logger);

nats = await connectNats({ servers: config.NATS_URL, name: config.POD_NAME, pingIntervalMs: config.NATS_PING_INTERVAL_MS, reconnectEveryMs: config.NATS_RECONNECT_EVERY_MS }, logger);
const { nc } = nats;
nc.subscribe(generateSubject(config.POD_NAME), {
  callback: (error, msg) => {
    if (error) return logger.warn({ event: 'nats.generate.error', err: error }, 'generate subscription error');
    let raw: unknown;
    try {
      raw = msg.json();
    } catch {
      return void msg.respond(JSON.stringify({ status: 400, body: openAiError('request must be JSON', 'invalid_request_error') }));
    }
    msg.respond(JSON.stringify(complete(parseCompletionRequest(raw))));
  },
});
const beat = () => {
  // While disconnected the client buffers publishes; skipping them avoids a burst of stale beats on reconnect.
  if (!nats?.isConnected()) return;
  nc.publish(HEARTBEAT_SUBJECT, JSON.stringify({ id: config.POD_NAME, url, model: config.MODEL, ts: Date.now() }));
};
beat();
heartbeat = setInterval(beat, config.HEARTBEAT_MS);
logger.info({ event: 'registered', subject: HEARTBEAT_SUBJECT, everyMs: config.HEARTBEAT_MS }, 'heart-beating on NATS');
