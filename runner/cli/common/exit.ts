// How both CLIs end on an error: a clear message on stderr, never a stack for the user's own mistakes.
import pc from 'picocolors';
import { FaultNotFoundError, KubeRequestError, RefusedError, ValidationError } from '../../util/errors.ts';
import { kubeErrorMessage } from '../../kube/client.ts';

/** Exit code for an error: 2 for everything (usage, refusal, API failure); 1 is reserved for a failed scenario. */
export function errorMessage(error: unknown): { message: string; showStack: boolean } {
  if (error instanceof ValidationError)
    return { message: `invalid input:\n  ${error.issues.length ? error.issues.join('\n  ') : error.message}`, showStack: false };
  if (error instanceof RefusedError) return { message: `refused: ${error.message}`, showStack: false };
  if (error instanceof FaultNotFoundError || error instanceof KubeRequestError) return { message: error.message, showStack: false };
  const named = error as { name?: string } | null | undefined;
  if (named?.name && /Error$/.test(named.name) && named.name !== 'Error' && named.name !== 'TypeError' && named.name !== 'ReferenceError') {
    return { message: (error as Error).message, showStack: false };
  }
  return { message: kubeErrorMessage(error), showStack: !!process.env.NETPART_DEBUG };
}

/** Prints the error and ends the process with exit code 2. */
export function exitWithError(error: unknown): never {
  const { message, showStack } = errorMessage(error);
  process.stderr.write(`${pc.red('error:')} ${message}\n`);
  if (showStack && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(2);
}
