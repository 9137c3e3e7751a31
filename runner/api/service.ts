// The API's operations over the fault engine, independent of HTTP, so the direct client behaves exactly like the service.
import type { Fault, FaultEngine } from '../faults/types.ts';
import { namespaceName } from '../faults/spec.ts';
import { ApiError, unprocessable } from './errors.ts';
import { engineErrorToApi } from './engine-errors.ts';
import { faultRecord, injectResponse, type CleanupResponse, type FaultRecord, type InjectResponse, type ListResponse, type RecoverResponse } from './records.ts';
import { FAULT_ID_PATTERN } from '../faults/record.ts';
import { validateInjectBody } from './validate.ts';

/** The verbs the API checks on networkpolicies. */
export type Verb = 'create' | 'delete' | 'list';
/** Answers "may the caller do `verb` on networkpolicies in `namespace`?" (SubjectAccessReview, or always yes). */
export type AccessCheck = (verb: Verb, namespace: string) => Promise<boolean>;

/** An engine that may also hold faults (auto-recover at expiry while this process runs). */
export type ApiEngine = FaultEngine & { hold?(fault: Fault): void; release?(): void };

/** The old service's default cleanup namespace. */
export const DEFAULT_CLEANUP_NAMESPACE = 'dynamo';
// Recovered faults exist only in this process's memory (the cluster forgets them); keep a bounded history.
const HISTORY_LIMIT = 500;

const forbidden = (verb: Verb, namespace: string, who: string): ApiError =>
  new ApiError(403, `${who} may not ${verb} networkpolicies (networking.k8s.io) in namespace "${namespace}"; grant it with a Role`);

/** The five operations, each taking an access check and the caller's name (for `owner` and messages). */
export class FaultService {
  private readonly recovered = new Map<string, FaultRecord>();

  constructor(private readonly engine: ApiEngine) {}

  /** Validates, authorizes (create), injects, holds for expiry; nothing is created when any step before inject fails. */
  async inject(body: unknown, allowed: AccessCheck, caller: string, owner = `api/${caller}`): Promise<InjectResponse> {
    const { spec, meta, notes } = validateInjectBody(body);
    if (!(await allowed('create', spec.namespace))) throw forbidden('create', spec.namespace, caller);
    const fault = await this.call(() => this.engine.inject(spec, { owner, meta: { ...meta } }));
    this.engine.hold?.(fault);
    return injectResponse(fault, notes);
  }

  /** Idempotent: an id the cluster does not know (already recovered, expired, never existed) is 200 with a message. */
  async recover(faultId: string, allowed: AccessCheck, caller: string): Promise<RecoverResponse> {
    if (!FAULT_ID_PATTERN.test(faultId)) throw new ApiError(404, `Fault ${faultId} not found (fault ids are 6–24 lower-case letters or digits)`);
    const fault = await this.call(() => this.engine.get(faultId));
    if (!fault) {
      const earlier = this.recovered.get(faultId);
      return {
        fault_id: faultId,
        status: 'recovered',
        recovered_at: earlier?.recovered_at ?? new Date().toISOString(),
        message: earlier ? `fault ${faultId} was already recovered` : `no active fault ${faultId} (already recovered, expired or never injected); nothing to do`,
      };
    }
    if (!(await allowed('delete', fault.namespace))) throw forbidden('delete', fault.namespace, caller);
    const result = await this.call(() => this.engine.recover(faultId, fault.namespace));
    this.remember({ ...faultRecord(fault), status: 'recovered', recovered_at: result.recoveredAt });
    return {
      fault_id: faultId,
      status: 'recovered',
      recovered_at: result.recoveredAt,
      message: result.recovered ? `NetworkPolicy ${fault.policyName} deleted from ${fault.namespace}; targets unlabelled` : `fault ${faultId} was already recovered`,
    };
  }

  /** One fault: active from the cluster, else recovered from this process's history; 404 otherwise. */
  async get(faultId: string, allowed: AccessCheck, caller: string): Promise<FaultRecord> {
    const fault = FAULT_ID_PATTERN.test(faultId) ? await this.call(() => this.engine.get(faultId)) : undefined;
    const record = fault ? faultRecord(fault) : this.recovered.get(faultId);
    if (!record) throw new ApiError(404, `Fault ${faultId} not found`);
    if (!(await allowed('list', record.namespace))) throw forbidden('list', record.namespace, caller);
    return record;
  }

  /** Active faults (from the cluster) the caller may list; with activeOnly false also the ones recovered through this process. */
  async list(activeOnly: boolean, allowed: AccessCheck, caller: string, namespace?: string): Promise<ListResponse> {
    if (namespace !== undefined && !(await allowed('list', namespace))) throw forbidden('list', namespace, caller);
    const active = (await this.call(() => this.engine.list(namespace))).map(faultRecord);
    const activeIds = new Set(active.map((r) => r.id));
    const history = activeOnly ? [] : [...this.recovered.values()].filter((r) => !activeIds.has(r.id) && (namespace === undefined || r.namespace === namespace));
    const visible: FaultRecord[] = [];
    for (const record of [...active, ...history]) if (await allowed('list', record.namespace)) visible.push(record);
    return { faults: visible, count: visible.length };
  }

  /** Deletes every partition policy of ours in the namespace (active or not) and returns their names. */
  async cleanup(namespace: string, allowed: AccessCheck, caller: string): Promise<CleanupResponse> {
    const valid = namespaceName.safeParse(namespace);
    if (!valid.success) throw unprocessable([{ type: 'value_error', loc: ['query', 'namespace'], msg: valid.error.issues[0]?.message ?? 'not a namespace name' }]);
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
