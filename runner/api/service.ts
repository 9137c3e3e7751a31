// The API's operations over the fault engine, independent of HTTP, so the direct client behaves exactly like the service.
import type { FaultEngine } from '../faults/types.ts';
import { namespaceName } from '../faults/spec.ts';
import { ApiError, unprocessable } from './errors.ts';
import { engineErrorToApi } from './engine-errors.ts';
import {
  faultRecord,
  injectResponse,
  type CleanupResponse,
  type FaultRecord,
  type InjectResponse,
  type ListResponse,
  type RecoverResponse,
} from './records.ts';
import { FAULT_ID_PATTERN } from '../faults/record.ts';
import { validateInjectBody } from './validate.ts';

/** The verbs the API checks on networkpolicies. */
export type Verb = 'create' | 'delete' | 'list';
/** Answers "may the caller do `verb` on networkpolicies in `namespace`?" (SubjectAccessReview, or always yes). */
export type AccessCheck = (verb: Verb, namespace: string) => Promise<boolean>;

/** The old service's default cleanup namespace. */
export const DEFAULT_CLEANUP_NAMESPACE = 'dynamo';
// Recovered faults exist only in this process's memory (the cluster forgets them); keep a bounded history.
const HISTORY_LIMIT = 500;

const forbidden = (verb: Verb, namespace: string, who: string): ApiError =>
  new ApiError(403, `${who} may not ${verb} networkpolicies (networking.k8s.io) in namespace "${namespace}"; grant it with a Role`);

/** The five operations, each taking an access check and the caller's name (for `owner` and messages). */
export class FaultService {
  private readonly recovered = new Map<string, FaultRecord>();

  constructor(private readonly engine: FaultEngine) {}

  /** Validates, authorizes (create), injects, holds for expiry; nothing is created when any step before inject fails. */
  async inject(body: unknown, allowed: AccessCheck, caller: string, owner = `api/${caller}`): Promise<InjectResponse> {
    const { spec, meta, notes } = validateInjectBody(body);
    if (!(await allowed('create', spec.namespace))) throw forbidden('create', spec.namespace, caller);
    const fault = await this.call(() => this.engine.inject(spec, { owner, meta: { ...meta } }));
    this.engine.hold(fault);
    return injectResponse(fault, notes);
  }

  /**
   * Idempotent: an id that was recovered or expired is 200 with a message; one that never existed is 404, as the old
   * service answered. "Existed" is read from the fault's Events (kept by the cluster, 1 h by default) and this process's
   * history (the last 500 it recovered), so it survives restarts and other replicas for as long as the Events do.
   */
  async recover(faultId: string, allowed: AccessCheck, caller: string): Promise<RecoverResponse> {
    if (!FAULT_ID_PATTERN.test(faultId)) throw new ApiError(404, `Fault ${faultId} not found (fault ids are 6–24 lower-case letters or digits)`);
    // One this service injected is known without a request; the recover's own delete tells whether it was still there.
    const fault = this.engine.known?.(faultId) ?? (await this.call(() => this.engine.get(faultId)));
    if (!fault) {
      const ended = await this.ended(faultId);
      if (!(await allowed('delete', ended.namespace))) throw forbidden('delete', ended.namespace, caller);
      return {
        fault_id: faultId,
        status: 'recovered',
        recovered_at: ended.recovered_at ?? new Date().toISOString(),
        message: `fault ${faultId} was already ${ended.how}; nothing to do`,
      };
    }
    if (!(await allowed('delete', fault.namespace))) throw forbidden('delete', fault.namespace, caller);
    const result = await this.call(() => this.engine.recover(faultId, fault.namespace));
    this.remember({ ...faultRecord(fault), status: 'recovered', recovered_at: result.recoveredAt });
    return {
      fault_id: faultId,
      status: 'recovered',
      recovered_at: result.recoveredAt,
      message: result.recovered
        ? `NetworkPolicy ${fault.policyName} deleted from ${fault.namespace}; targets unlabelled`
        : `fault ${faultId} was already recovered`,
    };
  }

  /** One fault: active from the cluster, else ended from this process's history or the fault's Events; 404 otherwise. */
  async get(faultId: string, allowed: AccessCheck, caller: string): Promise<FaultRecord> {
    const fault = FAULT_ID_PATTERN.test(faultId) ? await this.call(() => this.engine.get(faultId)) : undefined;
    const record = fault ? faultRecord(fault) : FAULT_ID_PATTERN.test(faultId) ? (await this.ended(faultId)).record : undefined;
    if (!record) throw new ApiError(404, `Fault ${faultId} not found`);
    if (!(await allowed('list', record.namespace))) throw forbidden('list', record.namespace, caller);
    return record;
  }

  /** A fault that is no longer active: from this process's history, else its Events; 404 when neither knows it. */
  private async ended(faultId: string): Promise<{ namespace: string; recovered_at: string | null; how: string; record?: FaultRecord }> {
    const earlier = this.recovered.get(faultId);
    if (earlier) return { namespace: earlier.namespace, recovered_at: earlier.recovered_at, how: 'recovered', record: earlier };
    const trace = this.engine.trace ? await this.call(() => this.engine.trace!(faultId)) : undefined;
    if (!trace) throw new ApiError(404, `Fault ${faultId} not found`);
    // No ending recorded yet: an expiry Job that fired while no process of ours watched (the next sweep records it).
    const expiredUnwatched = !trace.ended && trace.fault !== undefined && Date.parse(trace.fault.expiresAt) <= Date.now();
    const how =
      trace.ended?.reason === 'FaultExpired' || expiredUnwatched ? 'expired' : trace.ended?.reason === 'FaultSwept' ? 'removed by a sweep' : 'recovered';
    const recoveredAt = trace.ended?.at ?? (expiredUnwatched ? trace.fault!.expiresAt : null);
    const record = trace.fault ? { ...faultRecord(trace.fault), status: 'recovered' as const, recovered_at: recoveredAt } : undefined;
    return { namespace: trace.namespace, recovered_at: recoveredAt, how, ...(record ? { record } : {}) };
  }

  /** Active faults (from the cluster) the caller may list; with activeOnly false also the ones recovered through this process. */
  async list(activeOnly: boolean, allowed: AccessCheck, caller: string, namespace?: string): Promise<ListResponse> {
    if (namespace !== undefined && !(await allowed('list', namespace))) throw forbidden('list', namespace, caller);
    const active = (await this.call(() => this.engine.list(namespace))).map(faultRecord);
    const activeIds = new Set(active.map((r) => r.id));
    const history = activeOnly
      ? []
      : [...this.recovered.values()].filter((r) => !activeIds.has(r.id) && (namespace === undefined || r.namespace === namespace));
    const visible: FaultRecord[] = [];
    for (const record of [...active, ...history]) if (await allowed('list', record.namespace)) visible.push(record);
    return { faults: visible, count: visible.length };
  }

  /** Deletes every partition policy of ours in the namespace (active or not) and returns their names. */
  async cleanup(namespace: string, allowed: AccessCheck, caller: string): Promise<CleanupResponse> {
    const valid = namespaceName.safeParse(namespace);
    if (!valid.success)
      throw unprocessable([{ type: 'value_error', loc: ['query', 'namespace'], msg: valid.error.issues[0]?.message ?? 'not a namespace name' }]);
    if (!(await allowed('delete', namespace))) throw forbidden('delete', namespace, caller);
    const active = await this.call(() => this.engine.list(namespace));
    const report = await this.call(() => this.engine.sweep({ namespaces: [namespace], all: true }));
    const names = report.deletedPolicies.filter((p) => p.namespace === namespace).map((p) => p.name);
    const now = new Date().toISOString();
    for (const fault of active) this.remember({ ...faultRecord(fault), status: 'recovered', recovered_at: now });
    return {
      status: 'success',
      namespace,
      policies_deleted: names.length,
      deleted_policy_names: names,
      message: `Cleaned up ${names.length} NetworkPolicy(ies) created by netpart in ${namespace}`,
      timestamp: now,
    };
  }

  private remember(record: FaultRecord): void {
    this.recovered.delete(record.id);
    this.recovered.set(record.id, record);
    if (this.recovered.size > HISTORY_LIMIT) this.recovered.delete(this.recovered.keys().next().value as string);
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw engineErrorToApi(error);
    }
  }
}
