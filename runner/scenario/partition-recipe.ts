// The measurements every partition scenario makes: baseline health, availability during the fault, time to recover.
import type { ProbeResult } from '../checks/index.ts';
import type { Fault } from '../faults/types.ts';
import { probeEnforcement, recordEnforcementProbe, resolveEstablishedMode, type EstablishedChoice } from './enforcement-probe.ts';
import { establishedChoice, flag, millis, podPrefix, seconds, tcpPort } from './env-helpers.ts';
import type { ScenarioFaultSpec } from './faults.ts';
import type { MetricValue } from './metrics.ts';
import type { ScenarioContext } from './types.ts';

/** Availability figures of one probe taken while a fault was active. */
export interface FaultWindowMeasurement {
  probe: ProbeResult;
  /** Success rate over the whole fault window. */
  availability: number;
  /** Success rate of requests sent after the detection window (the system had time to notice). */
  availabilityAfterDetection: number;
  /** ms from the start of the inject to the first failed request; null when no request failed (cut not visible here). */
  timeToFirstFailureMs: number | null;
  /** ms from the start of the inject until every later request succeeded (the others took over); null when none failed or the last one failed. */
  timeToTakeOverMs: number | null;
}

/** Waits until the frontend answers validated completions steadily; throws (an assertion) if it never does. */
export async function requireHealthyBaseline(ctx: ScenarioContext<object>, timeoutMs: number): Promise<number> {
  const ms = await ctx.checks.timeToRecover({ timeoutMs, intervalMs: 500 });
  ctx.expect.ok(
    'healthy before the fault',
    ms !== null,
    `the frontend at ${ctx.checks.frontendUrl} did not answer 3 validated completions in a row within ${timeoutMs / 1000}s; nothing was injected`,
  );
  return ms ?? 0;
}

/** Probes the frontend for `durationMs` from the start of an inject and splits availability at the detection window. */
export async function measureFaultWindow(
  ctx: ScenarioContext<object>,
  options: { durationMs: number; detectionWindowMs: number; intervalMs: number; concurrency?: number; signal?: AbortSignal },
): Promise<FaultWindowMeasurement> {
  const probe = await ctx.checks.probe({
    durationMs: options.durationMs,
    intervalMs: options.intervalMs,
    concurrency: options.concurrency ?? 1,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const late = probe.timeline.filter((s) => s.t >= options.detectionWindowMs);
  const availabilityAfterDetection = late.length === 0 ? 0 : late.filter((s) => s.ok).length / late.length;
  const lastFailure = probe.timeline.findLastIndex((sample) => !sample.ok);
  const takeOver = lastFailure >= 0 ? probe.timeline[lastFailure + 1] : undefined;
  return {
    probe,
    availability: probe.successRate,
    availabilityAfterDetection,
    timeToFirstFailureMs: probe.firstFailureAt ?? null,
    timeToTakeOverMs: takeOver ? Math.round(takeOver.t) : null,
  };
}

/** Records a fault window under conventional metric names (so results of all scenarios compare). */
export function recordFaultWindow(ctx: ScenarioContext<object>, m: FaultWindowMeasurement): void {
  ctx.metrics.record('availabilityDuringFault', round(m.availability));
  ctx.metrics.record('availabilityAfterDetection', round(m.availabilityAfterDetection));
  ctx.metrics.record('timeToFirstFailureMs', m.timeToFirstFailureMs);
  ctx.metrics.record('timeToTakeOverMs', m.timeToTakeOverMs);
  ctx.metrics.record('requestsDuringFault', m.probe.total);
  ctx.metrics.record('failuresDuringFault', m.probe.failed);
  ctx.metrics.record('errorsByKindDuringFault', m.probe.errorsByKind);
  ctx.metrics.record('latencyDuringFaultMs', m.probe.latency as unknown as Record<string, MetricValue>);
}

/** After recovery: ms until completions succeed steadily again (null = not within boundMs); recorded in seconds. */
export async function measureRecovery(ctx: ScenarioContext<object>, boundMs: number, intervalMs: number): Promise<number | null> {
  const ms = await ctx.checks.timeToRecover({ timeoutMs: boundMs, intervalMs });
  ctx.metrics.record('timeToRecoverSeconds', ms === null ? null : round(ms / 1000));
  return ms;
}

const round = (n: number) => Math.round(n * 10000) / 10000;

/**
 * The settings every partition scenario reads; the scenario picks its own TARGET_PREFIX and FAULT_SECONDS defaults,
 * and the port its blocked pods listen on (the enforcement probe dials it).
 */
export const partitionSettings = (defaults: { targetPrefix: string; faultSeconds: number; blockedPort: number }) => ({
  TARGET_PREFIX: podPrefix(defaults.targetPrefix),
  FAULT_SECONDS: seconds(defaults.faultSeconds),
  DETECTION_WINDOW_SECONDS: seconds(15),
  RECOVERY_BOUND_SECONDS: seconds(30),
  BASELINE_TIMEOUT_SECONDS: seconds(30),
  PROBE_INTERVAL_MS: millis(500),
  ENFORCEMENT_PROBE: flag(true),
  ENFORCEMENT_PROBE_PORT: tcpPort(defaults.blockedPort),
  ESTABLISHED: establishedChoice('auto'),
});

/** The parsed partitionSettings(). */
export interface PartitionSettings {
  TARGET_PREFIX: string;
  FAULT_SECONDS: number;
  DETECTION_WINDOW_SECONDS: number;
  RECOVERY_BOUND_SECONDS: number;
  BASELINE_TIMEOUT_SECONDS: number;
  PROBE_INTERVAL_MS: number;
  /** Measure the enforcer first (runner's own pod partitioned the same way for a few seconds); default true. */
  ENFORCEMENT_PROBE: boolean;
  ENFORCEMENT_PROBE_PORT: number;
  /** Connections open when the fault starts: auto (drop unless the enforcer cuts them itself), keep, drop, reset. */
  ESTABLISHED: EstablishedChoice;
}

/** What a partition scenario adds to the recipe: its fault, its extra measurements and its expectations. */
export interface PartitionRecipe {
  /** Name of the inject step, e.g. "inject: worker loses NATS". */
  injectStep: string;
  /** The partition; its `duration` is FAULT_SECONDS + 60, a safety net: it expires on its own even if the runner is killed. */
  spec: Omit<ScenarioFaultSpec, 'duration'>;
  /** Right after the inject returned (targetPods is already recorded; the fault window's probe is already running). */
  afterInject?(fault: Fault): void;
  /** After the fault window was measured and recorded, before the recovery. */
  duringFault?(during: FaultWindowMeasurement): void | Promise<void>;
  /** The scenario's own expectations on the fault window; "recovered within RECOVERY_BOUND_SECONDS" follows them. */
  expect(during: FaultWindowMeasurement): void;
}

/**
 * One partition scenario run: healthy baseline → enforcement probe → inject, probing FAULT_SECONDS from its start → recover → time to recover →
 * the scenario's expectations plus recovery within RECOVERY_BOUND_SECONDS.
 */
export async function runPartitionRecipe(ctx: ScenarioContext<PartitionSettings>, recipe: PartitionRecipe): Promise<void> {
  const c = ctx.config;
  if (c.DETECTION_WINDOW_SECONDS >= c.FAULT_SECONDS) {
    throw new RangeError(`DETECTION_WINDOW_SECONDS (${c.DETECTION_WINDOW_SECONDS}) must be shorter than FAULT_SECONDS (${c.FAULT_SECONDS})`);
  }
  await ctx.step('baseline: frontend healthy', () => requireHealthyBaseline(ctx, c.BASELINE_TIMEOUT_SECONDS * 1000));
  let established = resolveEstablishedMode(c.ESTABLISHED, null);
  if (c.ENFORCEMENT_PROBE) {
    const { target: _target, count: _count, ...peers } = recipe.spec;
    const probe = await ctx.step('enforcement probe: partition the runner pod the same way', () =>
      probeEnforcement(ctx, peers, c.ENFORCEMENT_PROBE_PORT, c.ESTABLISHED),
    );
    recordEnforcementProbe(ctx, probe);
    if (!('skipped' in probe)) established = probe.establishedMode;
  } else {
    recordEnforcementProbe(ctx, { skipped: 'ENFORCEMENT_PROBE=false' });
  }
  ctx.metrics.record('establishedMode', established);

  // The fault window opens when the inject starts: under drop/reset the open flows are cut inside the inject (helpers
  // take seconds), and what the app does meanwhile is part of the fault. An inject that fails stops the probe.
  const stopProbe = new AbortController();
  const window = measureFaultWindow(ctx, {
    durationMs: c.FAULT_SECONDS * 1000,
    detectionWindowMs: c.DETECTION_WINDOW_SECONDS * 1000,
    intervalMs: c.PROBE_INTERVAL_MS,
    signal: AbortSignal.any([ctx.signal, stopProbe.signal]),
  });
  let fault: Fault;
  try {
    fault = await ctx.step(recipe.injectStep, () => ctx.faults.inject({ ...recipe.spec, established, duration: c.FAULT_SECONDS + 60 }));
  } catch (error) {
    stopProbe.abort('the inject failed');
    await window.catch(() => undefined);
    throw error;
  }
  ctx.metrics.record(
    'targetPods',
    fault.targetPods.map((p) => p.name),
  );
  if (fault.established) {
    const { cut, settled, ms } = fault.established;
    ctx.metrics.record('establishedCut', { cut, settled, ms });
  }
  recipe.afterInject?.(fault);

  const during = await ctx.step('probe during the fault', () => window);
  recordFaultWindow(ctx, during);
  await recipe.duringFault?.(during);

  await ctx.step('recover the partition', () => ctx.faults.recover(fault));
  const recoveredIn = await ctx.step('time to recover', () => measureRecovery(ctx, c.RECOVERY_BOUND_SECONDS * 1000, c.PROBE_INTERVAL_MS));

  await ctx.step('expectations', () => {
    recipe.expect(during);
    ctx.expect.ok('recovered within the bound', recoveredIn !== null, `not steadily healthy within ${c.RECOVERY_BOUND_SECONDS}s after recovery`);
    ctx.expect.atMost('time to recover (s)', recoveredIn! / 1000, c.RECOVERY_BOUND_SECONDS);
  });
}
