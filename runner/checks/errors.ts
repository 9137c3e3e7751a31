// Named errors of the checks; each carries the failure kind so probes can count them by cause.
import { ERROR_CODES, NetpartError } from '../util/errors.ts';
import type { ErrorKind } from './error-kind.ts';

/** A request that got no usable HTTP answer (refused, timeout, reset, DNS, …). */
export class CheckRequestError extends NetpartError {
  override name = 'CheckRequestError';
  constructor(
    message: string,
    readonly kind: ErrorKind,
    readonly url: string,
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.checkRequestFailed, message, options);
  }
}

/** A completion answer that is not a 200 with a non-empty `choices` list. */
export class CompletionValidationError extends NetpartError {
  override name = 'CompletionValidationError';
  constructor(
    message: string,
    readonly kind: ErrorKind,
    readonly status: number | undefined,
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.completionInvalid, message, options);
  }
}
