// The wire contract between frontend and workers: NATS subjects, heartbeat, request plane (NATS) and response (HTTP) shapes.
import { z } from 'zod';

/** Subject every worker publishes its heartbeat on; discovery is nothing more than listening here. */
export const HEARTBEAT_SUBJECT = 'dynamo.workers.heartbeat';

/** The request-plane subject of one worker: the frontend publishes completions here, only that worker subscribes. */
export function completionsSubject(workerId: string): string {
  return `dynamo.worker.${workerId}.completions`;
}

/** Path prefix of the frontend's reply endpoint; the request id follows it. */
export const REPLY_PATH_PREFIX = '/internal/replies/';

/** A worker announcing itself: who, where its HTTP endpoint (health) is, which model it serves. */
export const heartbeatSchema = z.object({
  id: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  model: z.string().min(1),
  ts: z.number().optional(),
});
/** A parsed heartbeat. */
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** The subset of OpenAI's /v1/completions body the app understands; everything else is ignored. */
export const completionRequestSchema = z.object({
  model: z.string().min(1).optional(),
  prompt: z.string({ error: 'prompt must be a string' }).min(1, { error: 'prompt must not be empty' }),
  max_tokens: z.number().int().min(1).max(4096).default(16),
  temperature: z.number().min(0).max(2).default(0),
  stream: z.literal(false, { error: 'stream is not supported by the demo app; omit it or send false' }).optional(),
});
/** A validated completion request. */
export type CompletionRequest = z.infer<typeof completionRequestSchema>;

/**
 * What the frontend publishes on a worker's subject: the request and where to POST the answer. The worker re-validates
 * `request` (it answers a 400 through the reply like any other answer); `timeoutMs` bounds its reply POST.
 */
export const workRequestSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  replyTo: z.url({ protocol: /^https?$/ }),
  timeoutMs: z.number().int().positive(),
  request: z.unknown(),
});
/** A parsed request-plane message. */
export type WorkRequest = z.infer<typeof workRequestSchema>;

/** The worker's immediate NATS answer to a work request: accepted (it will POST a reply) or refused (it will not). */
export const workAckSchema = z.object({
  worker: z.string().min(1),
  accepted: z.boolean(),
  reason: z.string().optional(),
});
/** A parsed acknowledgement. */
export type WorkAck = z.infer<typeof workAckSchema>;

/** What the worker POSTs to the reply URL: the HTTP status and body the frontend relays to its client. */
export const workReplySchema = z.object({
  worker: z.string().min(1),
  status: z.number().int().min(100).max(599),
  body: z.unknown(),
});
/** A parsed reply. */
export type WorkReply = z.infer<typeof workReplySchema>;

/** An OpenAI-style error body. */
export function openAiError(message: string, type: string, param: string | null = null, code: string | null = null) {
  return { error: { message, type, param, code } };
}

/** A completion request to serve, or the OpenAI error answer (HTTP status and body) that refuses it. */
export type ParsedCompletion = { request: CompletionRequest } | { status: number; body: ReturnType<typeof openAiError> };

/** Validates a completion body; an invalid one gets a 400 naming its first bad field. */
export function parseCompletionRequest(raw: unknown): ParsedCompletion {
  const parsed = completionRequestSchema.safeParse(raw);
  if (parsed.success) return { request: parsed.data };
  const field = parsed.error.issues[0]?.path.join('.') || null;
  return { status: 400, body: openAiError(z.prettifyError(parsed.error), 'invalid_request_error', field) };
}

let sequence = 0;

/** The deterministic "model": echoes up to max_tokens words of the prompt, signed by the worker id. */
export function buildCompletion(workerId: string, model: string, request: CompletionRequest) {
  const words = request.prompt.trim().split(/\s+/);
  const kept = words.slice(0, request.max_tokens);
  const text = `echo from ${workerId}: ${kept.join(' ')}`;
  return {
    id: `cmpl-${workerId}-${++sequence}`,
    object: 'text_completion' as const,
    created: Math.floor(Date.now() / 1000),
    model: request.model ?? model,
    choices: [{ index: 0, text, logprobs: null, finish_reason: words.length > kept.length ? 'length' : 'stop' }],
    usage: { prompt_tokens: words.length, completion_tokens: kept.length, total_tokens: words.length + kept.length },
  };
}
