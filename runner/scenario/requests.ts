// The run's request timeline: every probe request and completion check, bounded, for the result record and its report.

import type { RequestLog, RequestSample } from '../contract/result.ts';

export type { RequestLog, RequestSample } from '../contract/result.ts';

/** Upper bound of kept samples (~35 bytes each in the scenario.result log line, never in the termination message). */
export const MAX_REQUEST_SAMPLES = 2000;

/** Collects samples; `add` takes the start as ms since the run began. */
export interface RequestRecorder {
  /** ms since the run began, for callers that time their own requests. */
  elapsed(): number;
  add(t: number, ok: boolean, ms: number, kind?: string): void;
  snapshot: () => RequestLog;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Creates the recorder of one run; past `max` samples it keeps every other one and doubles the stride (even thinning). */
export function createRequestRecorder(now: () => Date, startedAt: Date, max = MAX_REQUEST_SAMPLES): RequestRecorder {
  const start = startedAt.getTime();
  let samples: RequestSample[] = [];
  let stride = 1;
  let seen = 0;
  let total = 0;
  let failed = 0;
  return {
    elapsed: () => now().getTime() - start,
    add(t, ok, ms, kind) {
      total++;
      if (!ok) failed++;
      if (seen++ % stride !== 0) return;
      samples.push({ t: round(t), ok, ms: round(ms), ...(!ok && kind ? { kind } : {}) });
      if (samples.length > max) {
        // Probe timelines arrive in bulk: sort first so thinning stays even over time, not over arrival order.
        samples = samples.sort((a, b) => a.t - b.t).filter((_, index) => index % 2 === 0);
        stride *= 2;
      }
    },
    snapshot: () => ({ total, failed, samples: [...samples].sort((a, b) => a.t - b.t), ...(stride > 1 ? { stride } : {}) }),
  };
}
