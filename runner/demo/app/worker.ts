// Demo inference worker: heart-beats on NATS, takes completions from its NATS subject, POSTs answers back over HTTP.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { createLogger } from '../../log/logger.ts';
import { loadConfigOrExit, podUrl, workerConfigFromEnv } from './config.ts';
import { listen, sendJson } from './http.ts';
import { exitCleanlyOnSignals } from './lifecycle.ts';
import { connectNats, type TrackedNats } from './nats.ts';
import {
  buildCompletion,
  completionsSubject,
  HEARTBEAT_SUBJECT,
  openAiError,
  parseCompletionRequest,
  workRequestSchema,
  type WorkAck,
  type WorkReply,
} from './protocol.ts';
import { postReply } from './reply.ts';

const baseLogger = createLogger({ name: 'demo-worker' });
const config = loadConfigOrExit(() => workerConfigFromEnv(), baseLogger);
const logger = baseLogger.child({ worker: config.POD_NAME });
let nats: TrackedNats | undefined;
let heartbeat: NodeJS.Timeout | undefined;

/** The completion for a request, or the OpenAI error that refuses it, as the reply the frontend relays. */
function complete(raw: unknown): WorkReply {
  const parsed = parseCompletionRequest(raw);
  if (!('request' in parsed)) return { worker: config.POD_NAME, ...parsed };
  return { worker: config.POD_NAME, status: 200, body: buildCompletion(config.POD_NAME, config.MODEL, parsed.request) };
}

/** Takes one request-plane message: acknowledges it over NATS at once, then computes and POSTs the answer. */
function onWorkRequest(data: unknown, respond: (ack: WorkAck) => void): void {
  const work = workRequestSchema.safeParse(data);
  if (!work.success) {
    logger.warn({ event: 'request.refused', reason: z.prettifyError(work.error) }, 'refused a malformed work request');
    respond({ worker: config.POD_NAME, accepted: false, reason: 'malformed work request' });
    return;
  }
  const { id, replyTo, timeoutMs, request } = work.data;
  respond({ worker: config.POD_NAME, accepted: true });
  const reply = complete(request);
  void postReply(replyTo, reply, timeoutMs).then((outcome) => {
    if (!outcome.ok) logger.warn({ event: 'reply.failed', id, replyTo, reason: outcome.reason }, 'could not deliver the reply to the frontend');
    else if (outcome.status !== 204)
      logger.warn({ event: 'reply.rejected', id, replyTo, status: outcome.status }, 'frontend did not take the reply (too late?)');
    else logger.debug({ event: 'reply.sent', id, replyTo, status: reply.status }, 'reply delivered');
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/health') {
    // Readiness = HTTP serving; NATS state is reported, not gated on, so a NATS partition stays observable.
    sendJson(res, 200, { status: 'healthy', worker: config.POD_NAME, nats: nats?.isConnected() ? 'connected' : 'disconnected' });
    return;
  }
  if (req.method === 'GET' && path === '/v1/models') {
    sendJson(res, 200, { object: 'list', data: [{ id: config.MODEL, object: 'model', owned_by: 'netpart-demo' }] });
    return;
  }
  sendJson(res, 404, openAiError(`no route ${req.method} ${path} (completions reach workers over NATS, not HTTP)`, 'not_found'));
}

const { server, port } = await listen(handle, config.HOST, config.PORT, (error, req) =>
  logger.error({ event: 'http.error', err: error, path: req.url }, 'request failed'),
);
const url = podUrl(config.POD_IP, port);
logger.info({ event: 'listening', port, url }, 'worker listening');
exitCleanlyOnSignals({ server, nats: () => nats, timers: () => (heartbeat ? [heartbeat] : []) }, logger);

const beat = () => {
  // While disconnected the client buffers publishes; skipping them avoids a burst of stale beats on reconnect.
  if (!nats?.isConnected()) return;
  nats.nc.publish(HEARTBEAT_SUBJECT, JSON.stringify({ id: config.POD_NAME, url, model: config.MODEL, ts: Date.now() }));
};
nats = await connectNats(
  {
    servers: config.NATS_URL,
    name: config.POD_NAME,
    pingIntervalMs: config.NATS_PING_INTERVAL_MS,
    maxPingsOut: config.NATS_MAX_PINGS_OUT,
    reconnectEveryMs: config.NATS_RECONNECT_EVERY_MS,
    // Beat at once after a reconnect: rejoining should not wait for the next heartbeat period.
    onReconnect: beat,
  },
  logger,
);
const subject = completionsSubject(config.POD_NAME);
nats.nc.subscribe(subject, {
  callback: (error, msg) => {
    if (error) {
      logger.warn({ event: 'nats.subscription.error', err: error }, 'completions subscription error');
      return;
    }
    const respond = (ack: WorkAck) => void msg.respond(JSON.stringify(ack));
    let data: unknown;
    try {
      data = msg.json();
    } catch {
      respond({ worker: config.POD_NAME, accepted: false, reason: 'work request is not JSON' });
      return;
    }
    onWorkRequest(data, respond);
  },
});
beat();
heartbeat = setInterval(beat, config.HEARTBEAT_MS);
logger.info({ event: 'registered', subject, heartbeatSubject: HEARTBEAT_SUBJECT, everyMs: config.HEARTBEAT_MS }, 'taking completions on NATS, heart-beating');
