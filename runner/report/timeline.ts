// Places everything the chart shows on one axis: ms since the run started (requests, fault windows, steps, marks).
import { EVENTS } from '../contract/events.ts';
import type { ReportInput, ReportResult } from './input.ts';

/** A request as drawn. */
export interface TimelineSample {
  t: number;
  ok: boolean;
  ms: number;
  kind?: string;
}

/** A fault from inject to recovery (or to the end of the run when it was never recovered). */
export interface TimelineFault {
  id: string;
  from: number;
  to: number;
  recovered: boolean;
  /** The enforcement probe's fault on the runner's own pod, not the scenario's partition. */
  probe: boolean;
  targets: string[];
}

/** A step, numbered in start order (the steps table uses the same numbers). */
export interface TimelineStep {
  index: number;
  name: string;
  status: string;
  from: number;
  to: number;
}

/** A point in time: the enforcement probe's cut and restore, and each evaluated check (from a log). */
export interface TimelineMark {
  at: number;
  kind: 'cut' | 'restore' | 'check';
  label: string;
  ok: boolean;
}

/** The chart's content; times in ms since the run started. */
export interface Timeline {
  /** The run's start (epoch ms); undefined when neither the record nor the log says, and only samples are drawn. */
  origin: number | undefined;
  durationMs: number;
  samples: TimelineSample[];
  faults: TimelineFault[];
  steps: TimelineStep[];
  marks: TimelineMark[];
}

const epoch = (iso: unknown): number | undefined => {
  if (typeof iso !== 'string') return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
};

/** The enforcement probe's metric, when it measured something. */
export function probeMetric(result: ReportResult): Record<string, unknown> | undefined {
  const value = result.metrics.enforcementProbe;
  return value && typeof value === 'object' && !Array.isArray(value) && !('skipped' in value) ? (value as Record<string, unknown>) : undefined;
}

/** Builds the timeline from the record, using log events for what older records lack (step starts, check times). */
export function buildTimeline(input: ReportInput): Timeline {
  const { result, events } = input;
  const origin = epoch(result.startedAt) ?? epoch(events[0]?.time);
  const rel = (iso: unknown) => {
    const ms = epoch(iso);
    return ms === undefined || origin === undefined ? undefined : ms - origin;
  };
  const end = result.durationMs ?? rel(result.finishedAt) ?? 0;

  // A record without step starts (an older runner): take them from the log's step.start lines, in order.
  const starts = events.filter((e) => e.msg === EVENTS.stepStart);
  const steps: TimelineStep[] = [];
  result.steps.forEach((step, i) => {
    const startIndex = starts.findIndex((e) => e.fields.step === step.name);
    const fromLog = startIndex >= 0 ? starts.splice(startIndex, 1)[0]!.time : undefined;
    const from = rel(step.startedAt ?? fromLog);
    if (from !== undefined) steps.push({ index: i + 1, name: step.name, status: step.status, from, to: from + (step.durationMs ?? 0) });
  });

  const probe = probeMetric(result);
  const faults: TimelineFault[] = [];
  for (const fault of result.faults) {
    const from = rel(fault.injectedAt);
    if (from === undefined) continue;
    const to = rel(fault.recoveredAt);
    faults.push({ id: fault.id, from, to: to ?? end, recovered: to !== undefined, probe: probe?.faultId === fault.id, targets: fault.targetPods ?? [] });
  }

  const marks: TimelineMark[] = [];
  const cut = rel(probe?.cutAt);
  if (cut !== undefined)
    marks.push({ at: cut, kind: 'cut', label: `enforcement probe: new connections cut (${String(probe?.timeToCutMs)} ms after the inject)`, ok: true });
  const restore = rel(probe?.restoredAt);
  if (restore !== undefined)
    marks.push({
      at: restore,
      kind: 'restore',
      label: `enforcement probe: new connections work again (${String(probe?.timeToRestoreMs)} ms after the recovery)`,
      ok: true,
    });
  for (const event of events) {
    const at = event.msg === EVENTS.check ? rel(event.time) : undefined;
    if (at !== undefined)
      marks.push({ at, kind: 'check', label: typeof event.fields.name === 'string' ? event.fields.name : 'check', ok: event.fields.ok === true });
  }

  const samples = (result.requests?.samples ?? []).map((s) => ({ ...s }));
  const latest = Math.max(end, ...samples.map((s) => s.t + s.ms), ...faults.map((f) => f.to), ...steps.map((s) => s.to), ...marks.map((m) => m.at));
  return { origin, durationMs: Math.max(1, latest), samples, faults, steps, marks };
}
