// The scenario.result record: what the runner writes (log line + termination message) and run-incluster, the report
// and `results` read. Types only, so any bundle (the CLI included) imports it for free.

/** How the run ended. */
export const ENDED_BY = ['completed', 'assertion', 'error', 'timeout', 'SIGTERM', 'SIGINT'] as const;
/** How the run ended. */
export type EndedBy = (typeof ENDED_BY)[number];

/** passed = every expectation held; failed = one did not (or the deadline passed); error = the run itself broke. */
export const RESULT_STATUSES = ['passed', 'failed', 'error'] as const;
/** passed = every expectation held; failed = one did not (or the deadline passed); error = the run itself broke. */
export type ResultStatus = (typeof RESULT_STATUSES)[number];

/** How a step ended: failed = an expectation did not hold, error = anything else threw, aborted = deadline/signal. */
export type StepStatus = 'passed' | 'failed' | 'error' | 'aborted';

/** One step as the result record keeps it. */
export interface StepRecord {
  name: string;
  status: StepStatus;
  /** When the step began (ISO 8601). */
  startedAt: string;
  durationMs: number;
  error?: string;
}

/** One evaluated expectation, as the result record keeps it. */
export interface CheckRecord {
  name: string;
  ok: boolean;
  details: Record<string, unknown>;
}

/** One fault as the result record shows it (camelCase; the HTTP API's snake_case `FaultRecord` is another shape). */
export interface FaultResultEntry {
  id: string;
  policyName: string;
  namespace: string;
  targetPods: string[];
  blockedPods: string[];
  injectedAt: string;
  recoveredAt: string | null;
  expiresAt: string;
}

/** A recorded measurement: JSON-like. */
export type MetricValue = number | string | boolean | null | MetricValue[] | { [key: string]: MetricValue };

/** One request: when it started (ms since the run began), whether it succeeded, how long it took, and why not. */
export interface RequestSample {
  t: number;
  ok: boolean;
  ms: number;
  kind?: string;
}

/** The timeline as the result record keeps it; `total`/`failed` count every request even when samples were thinned. */
export interface RequestLog {
  total: number;
  failed: number;
  /** Sorted by `t`; at most MAX_REQUEST_SAMPLES. */
  samples: RequestSample[];
  /** Present when the run sent more requests than fit: about one sample in `stride` is kept, evenly over time. */
  stride?: number;
}

/** The one record a run ends with (logged as msg "scenario.result"). */
export interface ScenarioResult {
  scenario: string;
  status: ResultStatus;
  reason?: string;
  endedBy: EndedBy;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  steps: StepRecord[];
  faults: FaultResultEntry[];
  metrics: Record<string, MetricValue>;
  /** Every evaluated expectation, in order. */
  checks: CheckRecord[];
  /** The requests the run's checks sent (bounded); only in the logged record, never in the termination message. */
  requests?: RequestLog;
}

/**
 * The parts of a result a reader can rely on: the full record from the log line, or the ≤ 4 KiB termination-message
 * summary (no checks, shortened steps), or one run-incluster makes up when the runner left none.
 */
export interface ResultSummary {
  scenario: string;
  status: ResultStatus;
  reason?: string;
  endedBy?: string;
  durationMs?: number;
  steps?: { name: string; status: string; durationMs?: number; error?: string }[];
  faults?: unknown[];
  metrics?: Record<string, unknown>;
}
