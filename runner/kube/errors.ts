// Reading API failures (typed and raw requests both fail with client-node's ApiException), kept apart from the typed
// clients so that light modules (the runner's start-up) can use them.
import { ApiException } from '@kubernetes/client-node';

/** HTTP status of a failed API call, or undefined when the error did not come from the API server. */
export function statusCode(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

/** True for a 404 from the API server. */
export const isNotFound = (error: unknown): boolean => statusCode(error) === 404;
/** True for a 409 (already exists / conflict) from the API server. */
export const isConflict = (error: unknown): boolean => statusCode(error) === 409;

/** The human message inside a Kubernetes Status body, else the error's own message. */
export function kubeErrorMessage(error: unknown): string {
  if (error instanceof ApiException) {
    const body: unknown = error.body;
    try {
      const status: unknown = typeof body === 'string' ? JSON.parse(body) : body;
      if (status && typeof status === 'object' && 'message' in status && typeof status.message === 'string') return `${status.message} (HTTP ${error.code})`;
    } catch {
      // not JSON: fall through to the raw body
    }
    return `HTTP ${error.code}: ${String(body).slice(0, 300)}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * An API failure as this bundle's ApiException: runner/main.mjs is bundled apart from the rest of the runner, with its
 * own copy of the class, and the start-up request it sends fails with that copy (code, body, headers and message kept).
 */
export function adoptApiException(error: unknown): unknown {
  if (error instanceof ApiException || typeof error !== 'object' || error === null) return error;
  const { name, code, body, headers } = error as { name?: unknown; code?: unknown; body?: unknown; headers?: unknown };
  if (name !== 'ApiException' && error.constructor.name !== 'ApiException') return error;
  if (typeof code !== 'number') return error;
  const adopted = new ApiException(code, 'the start-up request', body, (headers ?? {}) as Record<string, string>);
  // The copy's message names the request that failed (method and path): it stays what a log shows.
  if (error instanceof Error) adopted.message = error.message;
  return adopted;
}
