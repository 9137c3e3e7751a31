// The report's input: a scenario.result record (full, or the ≤ 4 KiB termination summary) and, from a runner log,
// the timed events around it; validated with zod so a wrong file fails naming the field.
import { EVENTS } from '../contract/events.ts';
import { z } from 'zod';
import { ReportInputError } from './errors.ts';

const step = z.object({
  name: z.string(),
  status: z.string(),
  startedAt: z.string().optional(),
  durationMs: z.number().optional(),
  error: z.string().optional(),
});
const fault = z.object({
  id: z.string(),
  policyName: z.string().optional(),
  namespace: z.string().optional(),
  targetPods: z.array(z.string()).optional(),
  blockedPods: z.array(z.string()).optional(),
  injectedAt: z.string().optional(),
  recoveredAt: z.string().nullable().optional(),
  expiresAt: z.string().optional(),
});
const check = z.object({ name: z.string(), ok: z.boolean(), details: z.record(z.string(), z.unknown()).optional() });
const sample = z.object({ t: z.number(), ok: z.boolean(), ms: z.number(), kind: z.string().optional() });

/** What the report reads of a scenario.result record; everything but scenario and status may be missing. */
export const reportResultSchema = z.object({
  scenario: z.string(),
  status: z.enum(['passed', 'failed', 'error']),
  reason: z.string().optional(),
  endedBy: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  steps: z.array(step).default([]),
  faults: z.array(fault).default([]),
  metrics: z.record(z.string(), z.unknown()).default({}),
  checks: z.array(check).default([]),
  requests: z.object({ total: z.number(), failed: z.number(), samples: z.array(sample), stride: z.number().optional() }).optional(),
  /** The termination summary: bulky fields were left out. */
  truncated: z.boolean().optional(),
});
/** A validated result record. */
export type ReportResult = z.output<typeof reportResultSchema>;

/** A timed runner log line the chart marks (steps, checks, faults). */
export interface ReportEvent {
  time: string;
  msg: string;
  fields: Record<string, unknown>;
}

/** Everything one report is made from. */
export interface ReportInput {
  result: ReportResult;
  events: ReportEvent[];
  /** Where it came from, shown in the footer (a file path, or "Job ns/name"). */
  source: string;
}

const EVENT_MESSAGES = new Set<string>([
  EVENTS.stepStart,
  EVENTS.stepEnd,
  EVENTS.check,
  EVENTS.faultInjected,
  EVENTS.faultRecovered,
  EVENTS.faultEstablishedCut,
  EVENTS.faultExpired,
]);
/** Bound on kept events: a report is a picture, not an archive of the log. */
export const MAX_EVENTS = 2000;

/** The event a log record is, when the chart marks it (steps, checks, faults); undefined for every other line. */
export function toEvent(record: Record<string, unknown>): ReportEvent | undefined {
  const { time, msg, ...fields } = record;
  return typeof time === 'string' && typeof msg === 'string' && EVENT_MESSAGES.has(msg) ? { time, msg, fields } : undefined;
}

/** Keeps the log records the chart marks (at most MAX_EVENTS); the caller passes every record it has, in order. */
export function eventsFrom(records: Iterable<Record<string, unknown>>): ReportEvent[] {
  const events: ReportEvent[] = [];
  for (const record of records) {
    const event = toEvent(record);
    if (event) events.push(event);
    if (events.length >= MAX_EVENTS) break;
  }
  return events;
}

/** Validates a result record, naming the first bad field and what the report expects. */
export function parseResult(value: unknown, path: string): ReportResult {
  const parsed = reportResultSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : '(the record)';
  throw new ReportInputError(
    `${path}: not a scenario.result record: field ${field}: ${issue.message}. ` +
      'Pass the result JSON (the "scenario.result" log line, or the Job\'s termination message) or the runner\'s NDJSON log (run-incluster -o json)',
    path,
    { cause: parsed.error },
  );
}

const parseLine = (line: string): Record<string, unknown> | undefined => {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Reads a report input from file text: one JSON object (a result record, with or without the log line's fields),
 * or NDJSON log lines (the last scenario.result record; step/check/fault lines become events).
 */
export function parseReportText(text: string, path: string): ReportInput {
  const trimmed = text.trim();
  if (trimmed === '') throw new ReportInputError(`${path}: the file is empty; pass a result JSON or a runner log (run-incluster -o json > run.log)`, path);
  const single = wholeJson(trimmed);
  if (single && single.msg !== undefined && single.msg !== EVENTS.scenarioResult) {
    throw new ReportInputError(
      `${path}: one log line (msg ${JSON.stringify(single.msg)}) and no scenario.result record: the run did not finish, or this is not its whole log`,
      path,
    );
  }
  if (single) return { result: parseResult(single, path), events: [], source: path };
  const records = trimmed
    .split('\n')
    .map(parseLine)
    .filter((r) => r !== undefined);
  if (records.length === 0) {
    throw new ReportInputError(`${path}: no JSON lines: this looks like text output; rerun with run-incluster -o json (NDJSON), or pass the result JSON`, path);
  }
  const result = records.findLast((r) => r.msg === EVENTS.scenarioResult);
  if (!result) {
    throw new ReportInputError(
      `${path}: ${records.length} log records but no "scenario.result" record: the run did not finish, or the log was cut; ` +
        "the Job's termination message also holds the result: kubectl get pod -l job-name=<job> -o jsonpath='{..terminated.message}'",
      path,
    );
  }
  return { result: parseResult(result, path), events: eventsFrom(records), source: path };
}

// The whole text as one JSON object (also pretty-printed); NDJSON of two or more lines is not one.
function wholeJson(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
