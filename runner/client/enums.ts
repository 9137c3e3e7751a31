// The guide's enums, with the exact wire values the Python client sends.

/** Which kind of partition; only selects defaults when no block_* option is given (see runner/api/README.md). */
export enum NetworkPartition {
  FRONTEND_WORKER = 'frontend_worker',
  WORKER_NATS = 'worker_nats',
  WORKER_WORKER = 'worker_worker',
  CUSTOM = 'custom',
}

/** How the fault is made; only NETWORK_POLICY is supported (CHAOS_MESH is answered with 501). */
export enum NetworkMode {
  NETWORK_POLICY = 'networkpolicy',
  CHAOS_MESH = 'chaos_mesh',
}
