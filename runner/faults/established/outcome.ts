// What a helper reports (its termination message) and how the engine sums it up for the fault.
import { ERROR_CODES, NetpartError } from '../../util/errors.ts';
import type { EstablishedMode } from './settings.ts';

/** One helper's report: `found[i]` = sockets (reset) or conntrack entries (drop) cut in round i. */
export interface HelperReport {
  /** Pod (drop) or `pod/container` (reset) that did the cutting. */
  helper: string;
  rounds: number;
  found: number[];
}

/** The result of cutting the open connections of one fault. */
export interface EstablishedCut {
  mode: Exclude<EstablishedMode, 'keep'>;
  /** Sockets or conntrack entries cut in total. */
  cut: number;
  /** True when no flow re-opened in the last round of every helper (the policy held it). */
  settled: boolean;
  /** ms from the start of the cut to the last helper's report. */
  ms: number;
  helpers: HelperReport[];
  /** What the cut could not cover (e.g. Services it may not read). */
  warnings?: string[];
}

/** Raised when a helper's termination message is not the JSON line netpart-cut writes. */
export class HelperReportError extends NetpartError {
  override name = 'HelperReportError';
  constructor(message: string, options?: ErrorOptions) {
    super(ERROR_CODES.helperReportInvalid, message, options);
  }
}

/** Parses netpart-cut's termination message; throws HelperReportError with the helper's own error when it failed. */
export function parseHelperReport(helper: string, message: string | undefined): HelperReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse((message ?? '').trim().split('\n').pop() ?? '');
  } catch (error) {
    throw new HelperReportError(`helper ${helper} left no report (termination message: ${JSON.stringify(message ?? '')})`, { cause: error });
  }
  const report = parsed as { rounds?: unknown; found?: unknown; error?: unknown };
  if (typeof report.error === 'string') throw new HelperReportError(`helper ${helper} failed: ${report.error}`);
  const found = Array.isArray(report.found) && report.found.every((n) => Number.isInteger(n) && n >= 0) ? (report.found as number[]) : undefined;
  if (!found || typeof report.rounds !== 'number' || found.length !== report.rounds) {
    throw new HelperReportError(`helper ${helper} wrote an unreadable report: ${JSON.stringify(message)}`);
  }
  return { helper, rounds: report.rounds, found };
}

/** Sums the helpers' reports into the fault's EstablishedCut. */
export function summarizeCut(mode: EstablishedCut['mode'], helpers: HelperReport[], ms: number): EstablishedCut {
  const cut = helpers.reduce((sum, h) => sum + h.found.reduce((a, b) => a + b, 0), 0);
  const settled = helpers.every((h) => (h.found.at(-1) ?? 0) === 0);
  return { mode, cut, settled, ms, helpers };
}
