// The measurements every partition scenario makes: baseline health, availability during the fault, time to recover.
import type { ProbeResult } from '../checks/index.ts';
import type { MetricValue } from './metrics.ts';
import type { ScenarioContext } from './types.ts';

/** Availability figures of one probe taken while a fault was active. */
export interface FaultWindowMeasurement {
  probe: ProbeResult;
  /** Success rate over the whole fault window. */
  availability: number;
  /** Success rate of requests sent after the detection window (the system had time to notice). */
  availabilityAfterDetection: number;
  /** ms from "inject returned" to the first failed request; null when no request failed (cut not visible here). */
  timeToFirstFailureMs: number | null;
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

/** Probes the frontend for `durationMs` right after an inject and splits availability at the detection window. */
export async function measureFaultWindow(
  ctx: ScenarioContext<object>,
  options: { durationMs: number; detectionWindowMs: number; intervalMs: number; concurrency?: number },
): Promise<FaultWindowMeasurement> {
  const probe = await ctx.checks.probe({
    durationMs: options.durationMs,
    intervalMs: options.intervalMs,
    concurrency: options.concurrency ?? 1,
  });
  const late = probe.timeline.filter((s) => s.t >= options.detectionWindowMs);
  const availabilityAfterDetection = late.length === 0 ? 0 : late.filter((s) => s.ok).length / late.length;
  return {
    probe,
    availability: probe.successRate,
    availabilityAfterDetection,
    timeToFirstFailureMs: probe.firstFailureAt ?? null,
  };
}

/** Records a fault window under conventional metric names (so results of all scenarios compare). */
export function recordFaultWindow(ctx: ScenarioContext<object>, m: FaultWindowMeasurement): void {
  ctx.metrics.record('availabilityDuringFault', round(m.availability));
  ctx.metrics.record('availabilityAfterDetection', round(m.availabilityAfterDetection));
  ctx.metrics.record('timeToFirstFailureMs', m.timeToFirstFailureMs);
  ctx.metrics.record('requestsDuringFault', m.probe.total);
  ctx.metrics.record('failuresDuringFault', m.probe.failed);
  ctx.metrics.record('errorsByKindDuringFault', m.probe.errorsByKind as Record<string, MetricValue>);
  ctx.metrics.record('latencyDuringFaultMs', m.probe.latency as unknown as Record<string, MetricValue>);
}

/** After recovery: ms until completions succeed steadily again (null = not within boundMs); recorded in seconds. */
export async function measureRecovery(ctx: ScenarioContext<object>, boundMs: number, intervalMs: number): Promise<number | null> {
  const ms = await ctx.checks.timeToRecover({ timeoutMs: boundMs, intervalMs });
  ctx.metrics.record('timeToRecoverSeconds', ms === null ? null : round(ms / 1000));
  return ms;
}

const round = (n: number) => Math.round(n * 10000) / 10000;
