// The API's error type: an HTTP status plus a FastAPI-style `detail` (a string, or a list of field problems).
import { ERROR_CODES, NetpartError } from '../util/errors.ts';

/** One field problem, shaped like FastAPI/pydantic's 422 entries. */
export interface FieldProblem {
  type: string;
  loc: (string | number)[];
  msg: string;
}

/** An error that becomes `{"detail": ...}` with this status; `detail` never leaks internals. */
export class ApiError extends NetpartError {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly detail: string | FieldProblem[],
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.apiError, typeof detail === 'string' ? detail : detail.map((p) => `${p.loc.join('.')}: ${p.msg}`).join('; '), options);
  }
}

/** 422 naming each bad field. */
export const unprocessable = (problems: FieldProblem[], cause?: unknown): ApiError => new ApiError(422, problems, cause === undefined ? undefined : { cause });
