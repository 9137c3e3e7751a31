// FaultInjectionClient: the guide's client in TypeScript, over the engine directly or over the HTTP service.
import type { CleanupResponse, FaultRecord, InjectResponse, RecoverResponse } from '../api/records.ts';
import { connectKube, type Kube } from '../kube/client.ts';
import type { Logger } from '../log/logger.ts';
import { directTransport } from './direct.ts';
import { httpTransport } from './http.ts';
import type { FaultTransport } from './transport.ts';
import { toWireBody, type InjectNetworkPartitionOptions } from './wire.ts';

/** Where faults go: a Kubernetes connection (direct) or the API service (HTTP). */
export type FaultInjectionClientOptions =
  | { kube: Kube; logger?: Logger }
  | { kubeconfig?: string; context?: string; logger?: Logger }
  | { apiUrl: string; token?: string; timeoutMs?: number }
  | { transport: FaultTransport };

/** Injects, recovers, lists and cleans up partitions; both transports return the API's snake_case JSON shapes. */
export class FaultInjectionClient {
  readonly transport: FaultTransport;

  constructor(options: FaultInjectionClientOptions = {}) {
    if ('transport' in options) this.transport = options.transport;
    else if ('apiUrl' in options) this.transport = httpTransport(options.apiUrl, { token: options.token, timeoutMs: options.timeoutMs });
    else if ('kube' in options) this.transport = directTransport({ kube: options.kube, logger: options.logger });
    else this.transport = directTransport({ kube: connectKube({ kubeconfig: options.kubeconfig, context: options.context }), logger: options.logger });
  }

  /** Injects a partition; throws ApiError (422 naming each bad field, 501 for chaos_mesh, 403, …). */
  injectNetworkPartition(options: InjectNetworkPartitionOptions): Promise<InjectResponse> {
    return this.transport.inject(toWireBody(options));
  }

  /** Recovers a fault; recovering twice is success. */
  recoverFault(faultId: string): Promise<RecoverResponse> {
    return this.transport.recover(faultId);
  }

  /** The faults (as the Python client: the list, not the envelope); activeOnly defaults to false like the guide. */
  async listFaults(options: { activeOnly?: boolean } = {}): Promise<FaultRecord[]> {
    return (await this.transport.list(options.activeOnly ?? false)).faults;
  }

  /** One fault; throws ApiError 404 when unknown. */
  getFault(faultId: string): Promise<FaultRecord> {
    return this.transport.get(faultId);
  }

  /** Deletes every netpart partition policy in the namespace. */
  cleanupNetworkPolicies(namespace: string): Promise<CleanupResponse> {
    return this.transport.cleanup(namespace);
  }

  /** Injects, runs `fn`, and always recovers (the guide's `network_partition` context manager). */
  async withNetworkPartition<T>(options: InjectNetworkPartitionOptions, fn: (fault: InjectResponse) => Promise<T>): Promise<T> {
    const fault = await this.injectNetworkPartition(options);
    try {
      return await fn(fault);
    } finally {
      await this.recoverFault(fault.fault_id);
    }
  }

  /** Stops background work (expiry timers of the direct transport); faults stay in the cluster with their expiry. */
  close(): Promise<void> {
    return this.transport.close();
  }
}
