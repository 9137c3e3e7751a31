// Latency summary used by probes: nearest-rank percentiles, so every reported value was really observed.

/** p50/p95/max of the given latencies in ms, null when there are none. */
export interface LatencySummary {
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** Nearest-rank percentile (0 < p ≤ 100) of unsorted values; null for an empty list. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile p must be in (0, 100], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

/** Summarises latencies; values are rounded to 0.1 ms for readable result records. */
export function summarizeLatency(values: readonly number[]): LatencySummary {
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(values.length === 0 ? null : Math.max(...values)),
  };
}
