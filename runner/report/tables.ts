// The report's tables (steps, checks, faults, metrics) as HTML; every value escaped, numbers exactly as recorded.
import { esc } from './escape.ts';
import { seconds } from './units.ts';
import type { ReportResult } from './input.ts';
import type { Timeline } from './timeline.ts';

// JSON.stringify gives undefined for undefined or a function, though lib.d.ts types it string.
const stringify = (value: unknown): string | undefined => JSON.stringify(value);

/** A value as the tables show it: numbers and strings as recorded, anything else as compact JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return stringify(value) ?? 'undefined';
}

/** Flattens nested metric objects to dotted names (latencyDuringFaultMs.p50); arrays stay one value. */
export function flattenMetrics(metrics: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(metrics).flatMap(([key, value]): [string, unknown][] =>
    value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0
      ? flattenMetrics(value as Record<string, unknown>, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value]],
  );
}

const table = (id: string, head: string[], rows: string[]) =>
  rows.length === 0
    ? `<p class="empty" id="${id}">none recorded</p>`
    : `<table id="${id}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;

/** Steps in order, numbered like the chart's bars. */
export function stepsTable(result: ReportResult, timeline: Timeline): string {
  const rows = result.steps.map((step, i) => {
    const placed = timeline.steps.find((s) => s.index === i + 1);
    return (
      `<tr class="status-${esc(step.status)}"><td>${i + 1}</td><td>${esc(step.name)}</td><td class="status">${esc(step.status)}</td>` +
      `<td class="num">${seconds(placed?.from)}</td><td class="num">${seconds(step.durationMs)}</td><td>${esc(step.error ?? '')}</td></tr>`
    );
  });
  return table('steps', ['#', 'step', 'status', 'start (s)', 'duration (s)', 'error'], rows);
}

/** Every evaluated expectation with its details (actual, min, max, …). */
export function checksTable(result: ReportResult): string {
  const rows = result.checks.map((check) => {
    const details = Object.entries(check.details ?? {}).map(([k, v]) => `<span class="detail"><b>${esc(k)}</b> ${esc(show(v))}</span>`);
    return `<tr class="${check.ok ? 'ok' : 'fail'}"><td>${esc(check.name)}</td><td class="status">${check.ok ? 'held' : 'FAILED'}</td><td>${details.join(' ')}</td></tr>`;
  });
  return table('checks', ['check', 'result', 'details'], rows);
}

/** Faults with their pods and times; the enforcement probe's fault is labelled as such. */
export function faultsTable(result: ReportResult, timeline: Timeline): string {
  const rows = result.faults.map((fault) => {
    const placed = timeline.faults.find((f) => f.id === fault.id);
    const role = placed?.probe ? 'enforcement probe' : 'scenario';
    return (
      `<tr><td><code>${esc(fault.id)}</code></td><td>${role}</td><td>${esc((fault.targetPods ?? []).join(', '))}</td>` +
      `<td>${esc((fault.blockedPods ?? []).length)}</td><td>${esc(fault.injectedAt ?? '')}</td><td>${esc(fault.recoveredAt ?? 'not recovered')}</td></tr>`
    );
  });
  return table('faults', ['fault', 'role', 'target pods', 'blocked pods', 'injected', 'recovered'], rows);
}

/** Every metric, nested ones flattened; `data-metric` holds the name for tools and tests. */
export function metricsTable(result: ReportResult): string {
  const rows = flattenMetrics(result.metrics).map(
    ([name, value]) => `<tr data-metric="${esc(name)}"><td>${esc(name)}</td><td class="num">${esc(show(value))}</td></tr>`,
  );
  return table('metrics', ['metric', 'value'], rows);
}
