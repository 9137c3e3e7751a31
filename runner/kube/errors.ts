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
