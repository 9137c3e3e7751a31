// Polling helper for tests that wait on the cluster to converge: the testbed's own (it waits on the cluster too).
export { CONVERGE_TIMEOUT_MS, WaitTimeoutError, waitFor } from '../../testbed/index.ts';
