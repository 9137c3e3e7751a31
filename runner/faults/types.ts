// Shapes shared by the fault engine and its callers (scenario runtime, CLI, HTTP API).
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import type { PartitionSpec, PartitionSpecInput } from './spec.ts';
import type { EstablishedCut } from './established/outcome.ts';
import type { FaultTrace } from './events/trace.ts';

/** A pod as the engine reports it. */
export interface PodRef {
  name: string;
  namespace: string;
  ip?: string;
  /** Target pods only: an Event's `regarding` needs it for `kubectl describe pod` to show the Event. */
  uid?: string;
}

/** One injected partition, as read back from the cluster. */
export interface Fault {
  id: string;
  policyName: string;
  namespace: string;
  targetPods: PodRef[];
  blockedPods: PodRef[];
  injectedAt: string;
  /** Absolute expiry (duration, else maxLifetime); the sweeper removes the fault after it. */
  expiresAt: string;
  spec: PartitionSpec;
  /** Who holds it: `job/<ns>/<name>`, `cli/<user>@<host>`, `api/<user>`. */
  owner: string;
  /** "active" while the policy exists; "recovered" once removed (only seen in return values). */
  status: 'active' | 'recovered';
  recoveredAt?: string;
  /** Free-form metadata carried for the HTTP API (partition_type, source, target, parameters). */
  meta?: Record<string, unknown>;
  /** What cutting the already-open connections did (spec.established drop/reset; only in inject's return value). */
  established?: EstablishedCut;
}

/** What inject does on a dry run, or what `explain` prints. */
export interface FaultPlan {
  policy: V1NetworkPolicy;
  targetPods: PodRef[];
  blockedPods: PodRef[];
  warnings: string[];
}

/** Options for one injection beyond the spec. */
export interface InjectOptions {
  owner?: string;
  /** ownerReference target (the runner's Job) so the garbage collector removes the policy with the Job. */
  ownerJob?: { name: string; uid: string; namespace: string };
  meta?: Record<string, unknown>;
}

/** Result of a sweep. */
export interface SweepReport {
  deletedPolicies: { namespace: string; name: string; faultId: string; reason: 'expired' | 'orphaned' | 'requested' }[];
  removedLabels: { namespace: string; pod: string; faultId: string }[];
  /** `drop` helper pods left finished or overdue (e.g. by a killed injector). */
  removedHelpers: { namespace: string; pod: string }[];
  /** Endings recorded as Events for faults that ended while no netpart process watched (expiry Job, deleted runner Job). */
  recordedEnds?: { namespace: string; faultId: string; reason: string }[];
  namespaces: string[];
}

/**
 * The engine's one interface: the runner, the API, the CLI and the client depend on this, not on the implementation.
 * Holding (auto-recovery at expiry, IP following) lasts while this process runs; a one-shot CLI never holds.
 */
export interface FaultEngine {
  plan(spec: PartitionSpecInput): Promise<FaultPlan>;
  inject(spec: PartitionSpecInput, options?: InjectOptions): Promise<Fault>;
  /** Idempotent: recovering an unknown-but-well-formed or already-recovered id succeeds. */
  recover(faultId: string, namespace?: string): Promise<{ faultId: string; recovered: boolean; recoveredAt: string }>;
  get(faultId: string, namespace?: string): Promise<Fault | undefined>;
  /** A fault this engine injected and has not recovered, from memory (no request); undefined for any other. */
  known?(faultId: string): Fault | undefined;
  /** A fault's life from its Events (also once its policy is gone); undefined when it never existed or its Events expired. */
  trace?(faultId: string, namespace?: string): Promise<FaultTrace | undefined>;
  /** Cuts the connections open now between an active fault's targets and its blocked pods (the probe measures it). */
  cutEstablished(fault: Fault, mode: 'drop' | 'reset'): Promise<EstablishedCut>;
  list(namespace?: string): Promise<Fault[]>;
  sweep(options?: { namespaces?: string[]; all?: boolean }): Promise<SweepReport>;
  /** Recovers the fault at its expiry and follows its blocked pods' IPs while this process runs. */
  hold(fault: Fault): void;
  /** Starts the watch caches of a namespace (with `watchCache`) and waits up to `timeoutMs` for them; true when synced. */
  warm(namespace: string, timeoutMs?: number): Promise<boolean>;
  /** Stops holding one fault (e.g. after it was recovered). */
  drop(faultId: string): void;
  /** Waits for the Events still being written beside injects and recoveries (a long-lived engine's). */
  flush(): Promise<void>;
  /** Stops holding everything, ends the watches, deletes the expiry Jobs no live fault of this engine needs, flushes. */
  release(): Promise<void>;
}
