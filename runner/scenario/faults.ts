// ctx.faults: every fault a scenario injects is tracked here and recovered on every exit path.
import { setTimeout as delay } from 'node:timers/promises';
import { EVENTS } from '../contract/events.ts';
import type { FaultResultEntry } from '../contract/result.ts';
import type { Logger } from '../log/logger.ts';
import type { PartitionSpecInput } from '../faults/spec.ts';
import type { Fault, FaultEngine, InjectOptions } from '../faults/types.ts';
import type { EstablishedCut } from '../faults/established/outcome.ts';
import { ScenarioAbortedError, RecoveryError, errorMessage } from './errors.ts';

/** A spec as scenarios write it: the namespace defaults to the app namespace. */
export type ScenarioFaultSpec = Omit<PartitionSpecInput, 'namespace'> & { namespace?: string };

export type { FaultResultEntry } from '../contract/result.ts';

/** What scenarios see as ctx.faults. */
export interface ScenarioFaults {
  /** Injects a partition (namespace defaults to APP_NAMESPACE) and tracks it until recovery. */
  inject: (spec: ScenarioFaultSpec) => Promise<Fault>;
  /** Recovers one fault now (idempotent). */
  recover: (fault: Fault | string) => Promise<void>;
  /** Cuts the connections open now between an active fault's targets and blocked pods (established drop/reset). */
  cutEstablished: (fault: Fault, mode: 'drop' | 'reset') => Promise<EstablishedCut>;
  /** Recovers every tracked fault; throws RecoveryError naming those that stay. */
  recoverAll: () => Promise<void>;
  /** Faults injected and not yet recovered by this scenario. */
  readonly active: readonly Fault[];
}

/** The tracker plus what only the runner may do (close it, read the records). */
export interface FaultTracker extends ScenarioFaults {
  /** Refuses new injections, waits for ones in flight, then recovers everything (retrying). */
  closeAndRecoverAll(): Promise<void>;
  records(): FaultResultEntry[];
}

/** How the tracker injects and retries. */
export interface FaultTrackerOptions {
  engine: FaultEngine;
  namespace: string;
  log: Logger;
  now: () => Date;
  signal: AbortSignal;
  injectOptions?: InjectOptions;
  /** Attempts per recovery before giving up (API server hiccups must not leave a partition behind). */
  recoverAttempts?: number;
  retryDelayMs?: number;
  /** How long the end waits for injections still in flight. */
  inFlightWaitMs?: number;
}

/** Waits for `promise` at most `ms`, without leaving a timer behind. */
async function atMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

const podNames = (pods: { name: string }[]) => pods.map((p) => p.name);

/** Creates the per-run fault tracker. */
export function createFaultTracker(options: FaultTrackerOptions): FaultTracker {
  const { engine, log, signal } = options;
  const attempts = options.recoverAttempts ?? 4;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const inFlightWaitMs = options.inFlightWaitMs ?? 15_000;
  const active = new Map<string, Fault>();
  const records = new Map<string, FaultResultEntry>();
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  async function inject(spec: ScenarioFaultSpec): Promise<Fault> {
    if (closed || signal.aborted) {
      throw new ScenarioAbortedError(`no new fault after the scenario ended (${String(signal.reason ?? 'closed')})`);
    }
    const pending = engine.inject({ ...spec, namespace: spec.namespace ?? options.namespace }, options.injectOptions);
    inFlight.add(pending);
    try {
      const fault = await pending;
      if (fault.spec.dryRun) return fault;
      active.set(fault.id, fault);
      records.set(fault.id, {
        id: fault.id,
        policyName: fault.policyName,
        namespace: fault.namespace,
        targetPods: podNames(fault.targetPods),
        blockedPods: podNames(fault.blockedPods),
        injectedAt: fault.injectedAt,
        recoveredAt: null,
        expiresAt: fault.expiresAt,
      });
      engine.hold(fault);
      // Landed after the end began (a hung API call outlived the bounded wait): recover it right here.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- closeAndRecoverAll sets it during the awaits above; TS keeps the narrowing from the check at the top
      if (closed) await recoverWithRetry(fault);
      return fault;
    } finally {
      inFlight.delete(pending);
    }
  }

  async function recoverOnce(fault: Fault): Promise<void> {
    const result = await engine.recover(fault.id, fault.namespace);
    active.delete(fault.id);
    const record = records.get(fault.id);
    if (record && record.recoveredAt === null) record.recoveredAt = result.recoveredAt;
  }

  async function recoverWithRetry(fault: Fault): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await recoverOnce(fault);
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
        log.warn({ faultId: fault.id, attempt, err: error }, EVENTS.faultRecoverRetry);
        await delay(retryDelayMs * attempt);
      }
    }
  }

  async function recover(fault: Fault | string): Promise<void> {
    const id = typeof fault === 'string' ? fault : fault.id;
    const known = active.get(id) ?? (typeof fault === 'string' ? undefined : fault);
    if (!known) {
      if (records.has(id)) return; // already recovered by this scenario: recovery is idempotent
      throw new RangeError(`fault ${id} was not injected by this scenario; ctx.faults.recover takes a fault from ctx.faults.inject`);
    }
    await recoverWithRetry(known);
  }

  async function recoverAll(): Promise<void> {
    const results = await Promise.all(
      [...active.values()].map(async (fault) => {
        try {
          await recoverWithRetry(fault);
          return undefined;
        } catch (error) {
          return { faultId: fault.id, namespace: fault.namespace, error: errorMessage(error) };
        }
      }),
    );
    const failed = results.filter((r) => r !== undefined);
    if (failed.length > 0) throw new RecoveryError(failed);
  }

  async function closeAndRecoverAll(): Promise<void> {
    closed = true;
    // An inject still talking to the API server may create a policy after this point: wait for it, then recover it.
    // Bounded: a hung API call must not eat the grace period; a late inject recovers itself (see inject).
    await atMost(Promise.allSettled([...inFlight]), inFlightWaitMs);
    await recoverAll();
    await engine.release();
  }

  return {
    inject,
    recover,
    cutEstablished: (fault, mode) => engine.cutEstablished(fault, mode),
    recoverAll,
    closeAndRecoverAll,
    get active() {
      return [...active.values()];
    },
    records: () => [...records.values()].map((r) => ({ ...r, recoveredAt: r.recoveredAt ?? null })),
  };
}
