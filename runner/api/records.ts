// Shapes the engine's Fault into the old service's JSON records (list/get) and inject/recover responses.
import type { Fault } from '../faults/types.ts';
import type { ApiFaultMeta } from './translate.ts';

/** A fault as `GET /api/v1/faults[/{id}]` returns it: the old service's fields plus ours (namespace, policy, pods, expiry). */
export interface FaultRecord {
  id: string;
  type: 'network';
  target: string;
  status: 'injected' | 'recovered';
  created_at: string;
  injected_at: string;
  recovered_at: string | null;
  details: {
    partition_type: string | null;
    mode: string;
    duration: number | null;
    parameters: Record<string, unknown>;
  };
  namespace: string;
  policy_name: string;
  target_pods: string[];
  blocked_pods: string[];
  expires_at: string;
  owner: string;
}

/** POST /api/v1/faults/network/inject 200 body. */
export interface InjectResponse {
  fault_id: string;
  status: 'injected';
  fault_type: string;
  target: string;
  injected_at: string;
  message: string;
  namespace: string;
  policy_name: string;
  target_pods: string[];
  expires_at: string;
}

/** POST /api/v1/faults/{id}/recover 200 body. */
export interface RecoverResponse {
  fault_id: string;
  status: 'recovered';
  recovered_at: string;
  message: string;
}

/** GET /api/v1/faults body. */
export interface ListResponse {
  faults: FaultRecord[];
  count: number;
}

/** POST /api/v1/faults/network/cleanup body. */
export interface CleanupResponse {
  status: 'success';
  namespace: string;
  policies_deleted: number;
  deleted_policy_names: string[];
  message: string;
  timestamp: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The API metadata on a fault, tolerating faults injected by the CLI or a runner (no meta). */
export function apiMeta(fault: Fault): Partial<ApiFaultMeta> {
  const meta = fault.meta ?? {};
  const parameters = meta.parameters && typeof meta.parameters === 'object' ? (meta.parameters as Record<string, unknown>) : undefined;
  return {
    partition_type: str(meta.partition_type) as ApiFaultMeta['partition_type'] | undefined,
    source: str(meta.source),
    target: str(meta.target),
    duration: typeof meta.duration === 'number' ? meta.duration : null,
    parameters,
  };
}

/** `"<source> -> <target>"` as the old service wrote it; for faults made elsewhere, the namespace on both sides. */
export function targetText(fault: Fault): string {
  const meta = apiMeta(fault);
  return `${meta.source ?? fault.namespace} -> ${meta.target ?? fault.namespace}`;
}

/** The list/get record of a fault. */
export function faultRecord(fault: Fault): FaultRecord {
  const meta = apiMeta(fault);
  return {
    id: fault.id,
    type: 'network',
    target: targetText(fault),
    status: fault.status === 'active' ? 'injected' : 'recovered',
    created_at: fault.injectedAt,
    injected_at: fault.injectedAt,
    recovered_at: fault.recoveredAt ?? null,
    details: {
      partition_type: meta.partition_type ?? null,
      mode: 'networkpolicy',
      duration: meta.duration ?? fault.spec.duration ?? null,
      parameters: meta.parameters ?? {},
    },
    namespace: fault.namespace,
    policy_name: fault.policyName,
    target_pods: fault.targetPods.map((p) => p.name),
    blocked_pods: fault.blockedPods.map((p) => `${p.namespace}/${p.name}`),
    expires_at: fault.expiresAt,
    owner: fault.owner,
  };
}

/** The inject response for a freshly injected fault. */
export function injectResponse(fault: Fault, notes: string[]): InjectResponse {
  const meta = apiMeta(fault);
  const pods = fault.targetPods.map((p) => p.name).join(', ');
  const message = [`NetworkPolicy ${fault.policyName} created in ${fault.namespace}, isolating ${pods}; expires at ${fault.expiresAt}`, ...notes].join('. ');
  return {
    fault_id: fault.id,
    status: 'injected',
    fault_type: `network_${meta.partition_type ?? 'custom'}`,
    target: targetText(fault),
    injected_at: fault.injectedAt,
    message,
    namespace: fault.namespace,
    policy_name: fault.policyName,
    target_pods: fault.targetPods.map((p) => p.name),
    expires_at: fault.expiresAt,
  };
}
