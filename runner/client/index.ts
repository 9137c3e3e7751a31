// Public surface of the client: import { FaultInjectionClient, NetworkPartition, NetworkMode } from 'runner/client/index.ts'.
export { FaultInjectionClient, type FaultInjectionClientOptions } from './client.ts';
export { NetworkMode, NetworkPartition } from './enums.ts';
export type { InjectNetworkPartitionOptions } from './wire.ts';
export type { FaultTransport } from './transport.ts';
export { ApiError } from '../api/errors.ts';
export type { CleanupResponse, FaultRecord, InjectResponse, RecoverResponse } from '../api/records.ts';
