// The scenario.result record, the exit code it maps to, and the ≤ 4 KiB termination-message summary.
import type { ScenarioResult } from '../contract/result.ts';

export type { EndedBy, ResultStatus, ScenarioResult } from '../contract/result.ts';

/** Default size limit of the termination message (Kubernetes keeps at most 4096 bytes). */
export const TERMINATION_MESSAGE_LIMIT = 4096;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character, marking the cut with "…". */
export function truncateUtf8(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  let out = '';
  let used = 0;
  const budget = Math.max(0, max - bytes('…'));
  for (const char of text) {
    const size = bytes(char);
    if (used + size > budget) break;
    out += char;
    used += size;
  }
  return max >= bytes('…') ? `${out}…` : out;
}

/**
 * The termination-message summary: the result without bulky fields (step errors, pod lists, check details),
 * shrunk step by step until its JSON fits in `limit` bytes; always valid JSON with scenario, status and endedBy.
 */
export function terminationSummary(result: ScenarioResult, limit = TERMINATION_MESSAGE_LIMIT): string {
  const base = {
    scenario: truncateUtf8(result.scenario, 100),
    status: result.status,
    endedBy: result.endedBy,
    ...(result.reason !== undefined ? { reason: truncateUtf8(result.reason, 600) } : {}),
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    durationMs: result.durationMs,
  };
  const steps = result.steps.map((s) => ({ name: truncateUtf8(s.name, 80), status: s.status, durationMs: s.durationMs }));
  const faults = result.faults.map((f) => ({ id: f.id, injectedAt: f.injectedAt, recoveredAt: f.recoveredAt }));
  const metrics = Object.entries(result.metrics).filter(([, v]) => v === null || typeof v !== 'object');
  const candidates: object[] = [
    { ...base, steps, faults, metrics: Object.fromEntries(metrics) },
    { ...base, steps: steps.filter((s) => s.status !== 'passed'), faults, metrics: Object.fromEntries(metrics), truncated: true },
    { ...base, faults, metrics: Object.fromEntries(metrics.slice(0, 10)), truncated: true },
    {
      ...base,
      unrecovered: faults
        .filter((f) => !f.recoveredAt)
        .map((f) => f.id)
        .slice(0, 20),
      truncated: true,
    },
    { ...base, truncated: true },
  ];
  for (const candidate of candidates) {
    const json = JSON.stringify(candidate);
    if (bytes(json) <= limit) return json;
  }
  // Pathological sizes (a huge limit-eating reason): keep only what fits.
  const minimal = { scenario: truncateUtf8(result.scenario, 60), status: result.status, endedBy: result.endedBy, truncated: true };
  const minimalJson = JSON.stringify(minimal);
  const room = limit - bytes(minimalJson) - bytes(',"reason":""');
  return room > 8 && result.reason ? JSON.stringify({ ...minimal, reason: truncateUtf8(result.reason, Math.floor(room / 6)) }) : minimalJson;
}
