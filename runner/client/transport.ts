// The one interface both transports implement; its return values are the API's JSON shapes.
import type { CleanupResponse, FaultRecord, InjectResponse, ListResponse, RecoverResponse } from '../api/records.ts';

/** Carries wire bodies to the engine (direct) or the service (HTTP); errors are ApiError with status and detail. */
export interface FaultTransport {
  inject(body: Record<string, unknown>): Promise<InjectResponse>;
  recover(faultId: string): Promise<RecoverResponse>;
  list(activeOnly: boolean): Promise<ListResponse>;
  get(faultId: string): Promise<FaultRecord>;
  cleanup(namespace: string): Promise<CleanupResponse>;
  close(): Promise<void>;
}
