// What the runner entry (main.ts) loads once its first request is out, and the start-up fallback for kubeconfigs the
// early loader cannot read. One entry of the runner's split build, so that runner/main.mjs is built apart as a single
// self-contained file: every chunk it imported statically was a module file for Node's loader to fetch and link
// before the first request could leave.
export { runMain } from './run-main.ts';
export { errorMessage } from './errors.ts';
export { loadKubeConfig } from '../kube/config.ts';
export { listPartitionPoliciesIn } from '../faults/scope.ts';
