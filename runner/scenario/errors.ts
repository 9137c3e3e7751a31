// Named errors of the scenario runtime; the runner maps each to a result status by its code.
import { ERROR_CODES, NetpartError, isNetpartError } from '../util/errors.ts';

export { errorMessage } from '../util/errors.ts';

/** An expectation in a scenario did not hold: the scenario FAILED (exit 1), the system under test misbehaved. */
export class ScenarioAssertionError extends NetpartError {
  override name = 'ScenarioAssertionError';
  constructor(
    message: string,
    readonly check: string,
    readonly details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.assertionFailed, message, options);
  }
}

/** The scenario was stopped (deadline, SIGTERM, SIGINT) while it waited; `reason` says which. */
export class ScenarioAbortedError extends NetpartError {
  override name = 'ScenarioAbortedError';
  constructor(
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.scenarioAborted, `scenario stopped: ${reason}`, options);
  }
}

/** Environment variables that failed validation; `issues` name each variable and the fix. */
export class ScenarioConfigError extends NetpartError {
  override name = 'ScenarioConfigError';
  constructor(
    message: string,
    readonly issues: readonly string[],
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.scenarioConfigInvalid, message, options);
  }
}

/** A scenario module that cannot be found, imported, or that does not default-export defineScenario(...). */
export class ScenarioLoadError extends NetpartError {
  override name = 'ScenarioLoadError';
  constructor(
    message: string,
    readonly location: string,
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.scenarioLoadFailed, message, options);
  }
}

/** Faults that could not be recovered even after retries: a partition may still be in the cluster. */
export class RecoveryError extends NetpartError {
  override name = 'RecoveryError';
  constructor(
    readonly unrecovered: readonly { faultId: string; namespace: string; error: string }[],
    options?: ErrorOptions,
  ) {
    super(
      ERROR_CODES.recoveryFailed,
      `could not recover ${unrecovered.length} fault(s): ${unrecovered.map((u) => `${u.faultId} in ${u.namespace} (${u.error})`).join('; ')}; ` +
        'Kubernetes removes them at their expiry (their expiry Jobs), or run `fault-inject recover <id>`',
      options,
    );
  }
}

/** True for an assertion failure, also one thrown by another bundle's copy of this class (so no instanceof). */
export function isAssertionError(error: unknown): error is ScenarioAssertionError {
  return isNetpartError(error, ERROR_CODES.assertionFailed);
}
