// The checks every engine call shares: a well-formed fault id before it reaches a selector, and API failures in the
// API server's own words (moved out of engine.ts to keep it to the flow of inject and recover).
import { kubeErrorMessage, statusCode } from '../kube/client.ts';
import { KubeRequestError, ValidationError } from '../util/errors.ts';
import { FAULT_ID_PATTERN } from './record.ts';

/** Refuses a malformed fault id before it reaches a label selector or a policy name. */
export function checkFaultId(faultId: string): void {
  if (!FAULT_ID_PATTERN.test(faultId)) {
    throw new ValidationError(`invalid fault id "${faultId}": expected 6–24 lower-case letters or digits`, ['faultId']);
  }
}

/** Wraps an API failure so that callers see the API server's own words and keep the cause. */
export function wrapKube(action: string, error: unknown): never {
  if (statusCode(error) === undefined) throw error;
  throw new KubeRequestError(`${action}: ${kubeErrorMessage(error)}`, statusCode(error), { cause: error });
}
