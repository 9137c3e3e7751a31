// Named errors of the report: bad input names the file, what is wrong and how to get a usable input.
import { ERROR_CODES, NetpartError } from '../util/errors.ts';

/** The report's input (a result JSON or a runner log) is missing, unreadable or holds no scenario.result record. */
export class ReportInputError extends NetpartError {
  override name = 'ReportInputError';
  constructor(
    message: string,
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.reportInputInvalid, message, options);
  }
}

/** The report could not be written where asked. */
export class ReportOutputError extends NetpartError {
  override name = 'ReportOutputError';
  constructor(
    message: string,
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.reportOutputFailed, message, options);
  }
}
