// How `run-incluster results` prints runs: a table for people, JSON (stable field names) for scripts.
import pc from 'picocolors';
import { table } from '../../fault/format.ts';
import type { RunRecord, RunStatus, ScalarMetric } from './record.ts';

/** The metrics a reader looks at first, in this order; the rest follow by name. */
export const KEY_METRICS = [
  'availabilityDuringFault',
  'availabilityAfterDetection',
  'timeToRecoverSeconds',
  'failuresDuringFault',
  'requestsDuringFault',
  'timeToTakeOverMs',
  'timeToCutMs',
];
/** How many metrics fit in the table's METRICS column; `-o json` has them all. */
export const TABLE_METRICS = 3;

/** "850ms", "42s", "3m05s", "2h07m": a run's length at a glance. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const formatMetric = (value: ScalarMetric): string => {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return String(value);
};

/** The first `max` metrics as `name=value`, key metrics first, and how many were left out. */
export function keyMetrics(metrics: Record<string, ScalarMetric>, max = TABLE_METRICS): string {
  const rank = (name: string) => (KEY_METRICS.includes(name) ? KEY_METRICS.indexOf(name) : KEY_METRICS.length);
  const names = Object.keys(metrics).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const shown = names.slice(0, max).map((n) => `${n}=${formatMetric(metrics[n]!)}`);
  if (names.length > max) shown.push(`(+${names.length - max})`);
  return shown.join(' ') || '-';
}

// a table reads best with UTC to the second; the date matters for "last night's run"
const when = (isoTime: string | null): string => (isoTime ? `${isoTime.slice(0, 19).replace('T', ' ')}Z` : '-');

const PAINT: Record<RunStatus, (s: string) => string> = { passed: pc.green, failed: pc.red, error: pc.red, running: pc.yellow };

/** The default output: newest run first, one line each; the REASON column only when a run has one. */
export function resultsTable(records: readonly RunRecord[], color = false): string {
  const withReason = records.some((r) => r.reason && r.status !== 'passed');
  const header = ['STARTED', 'SCENARIO', 'TRIGGER', 'RESULT', 'EXIT', 'DURATION', 'JOB', 'METRICS', ...(withReason ? ['REASON'] : [])];
  const rows = records.map((r) => [
    when(r.startedAt),
    r.scenario,
    r.cronJob ? `cronjob/${r.cronJob}` : 'one-off',
    r.status,
    r.exitCode === null ? '-' : String(r.exitCode),
    formatDuration(r.durationMs),
    r.job,
    keyMetrics(r.metrics),
    ...(withReason ? [r.reason && r.status !== 'passed' ? r.reason.replace(/\s+/g, ' ').slice(0, 120) : '-'] : []),
  ]);
  const text = table(header, rows);
  if (!color) return text;
  // colour after padding, so escape codes do not skew the column widths
  const lines = text.split('\n');
  const at = lines[0]!.indexOf('RESULT');
  const paint = (line: string, status: RunStatus) => `${line.slice(0, at)}${PAINT[status](status)}${line.slice(at + status.length)}`;
  return [lines[0]!, ...lines.slice(1).map((line, i) => paint(line, records[i]!.status))].join('\n');
}

/** What `-o json` prints: the query and the runs, newest first. */
export function resultsJson(namespace: string, scenario: string | null, records: readonly RunRecord[]): string {
  return JSON.stringify({ namespace, scenario, runs: records }, null, 2);
}
