// Named errors of the report: bad input names the file, what is wrong and how to get a usable input.

/** The report's input (a result JSON or a runner log) is missing, unreadable or holds no scenario.result record. */
export class ReportInputError extends Error {
  override name = 'ReportInputError';
  constructor(
    message: string,
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The report could not be written where asked. */
export class ReportOutputError extends Error {
  override name = 'ReportOutputError';
  constructor(
    message: string,
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
