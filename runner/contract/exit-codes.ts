// The exit codes of the runner and of run-incluster: one mapping from a result, shared by both.
import type { ResultSummary } from './result.ts';

/** Exit codes: 0 passed, 1 failed, 2 error (also: no result at all), 128 + signal number when stopped by a signal. */
export const EXIT_CODES = { passed: 0, failed: 1, error: 2, SIGINT: 130, SIGTERM: 143 } as const;

/** One of the exit codes above. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/**
 * The exit code for a result. A run stopped by SIGTERM/SIGINT exits 128 + the signal's number (the shell convention)
 * whatever its status, so CI tells "stopped" from "broke"; run-incluster exits with the same code as its runner, and a
 * run without any result is an error.
 */
export function exitCodeFor(result: Pick<ResultSummary, 'status' | 'endedBy'> | undefined): ExitCode {
  if (!result) return EXIT_CODES.error;
  if (result.endedBy === 'SIGTERM') return EXIT_CODES.SIGTERM;
  if (result.endedBy === 'SIGINT') return EXIT_CODES.SIGINT;
  return EXIT_CODES[result.status];
}
