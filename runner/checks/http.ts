// One bounded HTTP call for all checks: a timeout, the caller's signal, latency, and classified failures.
import { CheckRequestError } from './errors.ts';
import { classifyError, kindOfStatus, type ErrorKind } from './error-kind.ts';

/** Options shared by every check that makes a request. */
export interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** An HTTP answer: parsed JSON body (or the raw text when it is not JSON) and what was wrong with it. */
export interface HttpResult {
  status: number;
  body: unknown;
  latencyMs: number;
  /** Set when the answer is a failure: 4xx/5xx, or a body that is not JSON. */
  errorKind?: ErrorKind;
}

/** Default per-request timeout: longer than a healthy completion, shorter than a scenario's patience. */
export const DEFAULT_TIMEOUT_MS = 5000;

/** Joins a base URL (with or without a path prefix) and an absolute API path. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** Makes one JSON request; throws CheckRequestError (with kind) when no HTTP answer arrives in time. */
export async function requestJson(url: string, init: { method: 'GET' | 'POST'; body?: unknown }, options: RequestOptions = {}): Promise<HttpResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const started = performance.now();
  let status: number;
  let text: string;
  try {
    const response = await fetch(url, {
      method: init.method,
      signal,
      headers: init.body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    // A caller's abort is 'aborted'; our own timer firing is 'timeout', whichever error fetch raised.
    const kind = options.signal?.aborted ? 'aborted' : timeout.aborted ? 'timeout' : classifyError(error);
    throw new CheckRequestError(`${init.method} ${url} failed (${kind}): ${describe(error)}`, kind, url, { cause: error });
  }
  const latencyMs = performance.now() - started;
  let body: unknown = text;
  let invalidJson = false;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    invalidJson = true;
  }
  const errorKind = kindOfStatus(status) ?? (invalidJson ? 'invalid_response' : undefined);
  return { status, body, latencyMs, ...(errorKind ? { errorKind } : {}) };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
