// Maps engine and Kubernetes failures to API statuses: the caller's mistakes are 4xx, the cluster's are 502, ours 500.
import { statusCode, kubeErrorMessage } from '../kube/client.ts';
import { FaultNotFoundError, KubeRequestError, RefusedError, ValidationError } from '../util/errors.ts';
import { ApiError } from './errors.ts';

/** The ApiError for anything the engine threw; unknown errors become a 500 whose detail hides internals. */
export function engineErrorToApi(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ValidationError) {
    const issues = error.issues.length > 0 ? error.issues : [error.message];
    return new ApiError(
      422,
      issues.map((msg) => ({ type: 'value_error', loc: ['body', 'parameters'], msg })),
      { cause: error },
    );
  }
  if (error instanceof RefusedError && (error.reason === 'no-target' || error.reason === 'not-enough-targets')) {
    const field = error.reason === 'no-target' ? 'target_pod_prefix' : 'count';
    return new ApiError(422, [{ type: 'value_error', loc: ['body', 'parameters', field], msg: error.message }], { cause: error });
  }
  if (error instanceof RefusedError) return new ApiError(409, `refused (${error.reason}): ${error.message}`, { cause: error });
  if (error instanceof FaultNotFoundError) return new ApiError(404, `Fault ${error.faultId} not found`, { cause: error });
  const status = error instanceof KubeRequestError ? error.statusCode : statusCode(error);
  if (status !== undefined) {
    const message = error instanceof KubeRequestError ? error.message : kubeErrorMessage(error);
    if (status === 404 || status === 409 || status === 422) return new ApiError(status, `Kubernetes: ${message}`, { cause: error });
    if (status === 401 || status === 403) {
      return new ApiError(502, `the service's own ServiceAccount was denied by Kubernetes (check its Role in that namespace): ${message}`, { cause: error });
    }
    return new ApiError(502, `Kubernetes API error: ${message}`, { cause: error });
  }
  return new ApiError(500, 'internal error; see the service log', { cause: error });
}
