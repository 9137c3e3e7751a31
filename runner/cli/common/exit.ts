// How both CLIs end on an error: a clear message on stderr, never a stack for the user's own mistakes.
import pc from 'picocolors';
import { ERROR_CODES, isNetpartError, type ErrorCode, type ValidationError } from '../../util/errors.ts';
import { kubeErrorMessage } from '../../kube/client.ts';

// Errors whose message alone tells the user what to fix: printed without a stack even with NETPART_DEBUG.
const USER_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ERROR_CODES.invalidInput,
  ERROR_CODES.refused,
  ERROR_CODES.faultNotFound,
  ERROR_CODES.kubeRequestFailed,
  ERROR_CODES.apiError,
  ERROR_CODES.scenarioConfigInvalid,
  ERROR_CODES.scenarioLoadFailed,
  ERROR_CODES.scenarioBundleFailed,
  ERROR_CODES.podStuck,
  ERROR_CODES.resultsAccessDenied,
  ERROR_CODES.namespaceNotFound,
  ERROR_CODES.reportInputInvalid,
  ERROR_CODES.reportOutputFailed,
  ERROR_CODES.targetUnscheduled,
  ERROR_CODES.recoveryFailed,
]);

/** How the CLI shows an error (exit code 2 for all: usage, refusal, API failure; 1 is a failed scenario's). */
export function describeCliError(error: unknown): { message: string; showStack: boolean } {
  if (isNetpartError(error, ERROR_CODES.invalidInput)) {
    const issues = (error as ValidationError).issues;
    return { message: `invalid input:\n  ${issues.length ? issues.join('\n  ') : error.message}`, showStack: false };
  }
  if (isNetpartError(error, ERROR_CODES.refused)) return { message: `refused: ${error.message}`, showStack: false };
  if (isNetpartError(error)) return { message: error.message, showStack: !USER_ERROR_CODES.has(error.code) && !!process.env.NETPART_DEBUG };
  return { message: kubeErrorMessage(error), showStack: !!process.env.NETPART_DEBUG };
}

/** Prints the error and ends the process with exit code 2. */
export function exitWithError(error: unknown): never {
  const { message, showStack } = describeCliError(error);
  process.stderr.write(`${pc.red('error:')} ${message}\n`);
  if (showStack && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(2);
}
