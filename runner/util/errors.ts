// One error base for the runner: a stable `code`, `cause` kept, and a brand that survives separate bundles.

/** Every error code; stable strings a caller may branch on (the CLI, the API, tests). */
export const ERROR_CODES = {
  invalidInput: 'invalid_input',
  refused: 'refused',
  faultNotFound: 'fault_not_found',
  kubeRequestFailed: 'kube_request_failed',
  apiError: 'api_error',
  establishedCutFailed: 'established_cut_failed',
  targetUnscheduled: 'target_unscheduled',
  helperReportInvalid: 'helper_report_invalid',
  helperTimeout: 'helper_timeout',
  staleView: 'stale_view',
  watchExpired: 'watch_expired',
  podTableInvalid: 'pod_table_invalid',
  heldConnectionFailed: 'held_connection_failed',
  checkRequestFailed: 'check_request_failed',
  completionInvalid: 'completion_invalid',
  reportInputInvalid: 'report_input_invalid',
  reportOutputFailed: 'report_output_failed',
  assertionFailed: 'assertion_failed',
  scenarioAborted: 'scenario_aborted',
  scenarioConfigInvalid: 'scenario_config_invalid',
  scenarioLoadFailed: 'scenario_load_failed',
  scenarioBundleFailed: 'scenario_bundle_failed',
  recoveryFailed: 'recovery_failed',
  podStuck: 'pod_stuck',
  resultsAccessDenied: 'results_access_denied',
  namespaceNotFound: 'namespace_not_found',
  logStreamFailed: 'log_stream_failed',
  badRequestBody: 'bad_request_body',
} as const;

/** One error code. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

// Symbol.for: the same symbol in every copy of this module (a scenario bundle, the runner, a client bundle), so the
// brand is recognised where `instanceof` fails because each bundle has its own class (execa's pattern).
const BRAND = Symbol.for('netpart.error');

/** Base of every netpart error: a `code` to branch on, `cause` for the root failure, a cross-bundle brand. */
export class NetpartError extends Error {
  override name = 'NetpartError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for a netpart error from any bundle's copy of this module; optionally of one code. */
export function isNetpartError(error: unknown, code?: ErrorCode): error is NetpartError {
  if (typeof error !== 'object' || error === null || (error as Record<symbol, unknown>)[BRAND] !== true) return false;
  return code === undefined || (error as { code?: unknown }).code === code;
}

/** The message of anything thrown, for logs, results and the CLI. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Input that failed validation; `issues` names each bad field and how to fix it. */
export class ValidationError extends NetpartError {
  override name = 'ValidationError';
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.invalidInput, message, options);
  }
}

/** A request the engine refuses on purpose (unsafe target, ineffective partition, …); nothing was created. */
export class RefusedError extends NetpartError {
  override name = 'RefusedError';
  constructor(
    message: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.refused, message, options);
  }
}

/** A fault id that the cluster does not know. */
export class FaultNotFoundError extends NetpartError {
  override name = 'FaultNotFoundError';
  constructor(
    readonly faultId: string,
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.faultNotFound, `fault ${faultId} not found`, options);
  }
}

/** A Kubernetes API call that failed; `message` carries the API server's own words. */
export class KubeRequestError extends NetpartError {
  override name = 'KubeRequestError';
  constructor(
    message: string,
    readonly statusCode: number | undefined,
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.kubeRequestFailed, message, options);
  }
}
