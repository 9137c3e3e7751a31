// Sorts request failures into a few kinds a scenario can reason about (refused ≠ timeout ≠ 5xx).

/** Every kind, for tallies that should show zeros too. */
export const ERROR_KINDS = ['refused', 'timeout', 'reset', 'dns', 'http_5xx', 'http_4xx', 'invalid_response', 'aborted', 'other'] as const;

/** Why a check failed. `aborted` = the caller cancelled; `other` = anything not recognised. */
export type ErrorKind = (typeof ERROR_KINDS)[number];

const CODE_KINDS: Record<string, ErrorKind> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  // A partitioned peer often surfaces as an unreachable route rather than a timeout.
  EHOSTUNREACH: 'timeout',
  ENETUNREACH: 'timeout',
};

/** Kind of an HTTP status that is not a success, or undefined for 1xx–3xx. */
export function kindOfStatus(status: number): ErrorKind | undefined {
  if (status >= 500) return 'http_5xx';
  if (status >= 400) return 'http_4xx';
  return undefined;
}

/** Classifies anything thrown by fetch (or by our own checks, which already carry a kind). */
export function classifyError(error: unknown): ErrorKind {
  // fetch wraps the socket error in `cause`, sometimes twice (AggregateError for happy-eyeballs).
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') break;
    const record = current as { kind?: unknown; name?: unknown; code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.kind === 'string' && (ERROR_KINDS as readonly string[]).includes(record.kind)) {
      return record.kind as ErrorKind;
    }
    if (record.name === 'TimeoutError') return 'timeout';
    if (record.name === 'AbortError') return 'aborted';
    if (typeof record.code === 'string' && CODE_KINDS[record.code]) return CODE_KINDS[record.code]!;
    if (Array.isArray(record.errors) && record.errors.length > 0) {
      current = record.errors[0];
      continue;
    }
    current = record.cause;
  }
  return 'other';
}
