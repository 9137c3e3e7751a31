// probe(): fire requests for a while and measure availability — the core measurement of a partition scenario.
import { sendCompletionRequest, type CompletionOptions } from './completion.ts';
import { classifyError, type ErrorKind } from './error-kind.ts';
import { DEFAULT_TIMEOUT_MS } from './http.ts';
import { sleep } from './sleep.ts';
import { summarizeLatency, type LatencySummary } from './stats.ts';
import { validateCompletionResponse } from './validate.ts';

/** One request of a probe: when it started (ms since the probe began), whether it succeeded, and why not. */
export interface ProbeSample {
  t: number;
  ok: boolean;
  latencyMs: number;
  kind?: ErrorKind;
}

/** What a probe measured. Latency percentiles cover successful requests only (failures are counted by kind). */
export interface ProbeResult {
  total: number;
  ok: number;
  failed: number;
  /** ok / total; 0 when nothing was sent, so an empty probe never passes a threshold. */
  successRate: number;
  latency: LatencySummary;
  errorsByKind: Partial<Record<ErrorKind, number>>;
  timeline: ProbeSample[];
  firstFailureAt?: number;
  lastFailureAt?: number;
  durationMs: number;
  stoppedBy: 'duration' | 'signal' | 'maxRequests';
}

/** How long and how often to probe; `request` succeeds by resolving and fails by throwing. */
export interface ProbeOptions {
  durationMs: number;
  intervalMs: number;
  /** Parallel request lanes, each sending one request per interval (default 1). */
  concurrency?: number;
  /** Custom request; default: a validated completion against the frontend (see `completion`). */
  request?: () => Promise<unknown>;
  /** Used by the default request. */
  completion?: CompletionOptions & { prompt?: string; maxTokens?: number };
  /** A request still running after this long counts as a timeout (default 5000 ms). */
  timeoutMs?: number;
  /** Hard cap on requests (default: what duration/interval/concurrency can produce). */
  maxRequests?: number;
  signal?: AbortSignal;
}

const MAX_CONCURRENCY = 64;

/** Sends requests every `intervalMs` on each lane for `durationMs` and summarises the outcome. */
export async function probe(options: ProbeOptions): Promise<ProbeResult> {
  const { durationMs, intervalMs } = options;
  const concurrency = options.concurrency ?? 1;
  const timeoutMs = options.timeoutMs ?? options.completion?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  requirePositive('durationMs', durationMs);
  requirePositive('intervalMs', intervalMs);
  requirePositive('timeoutMs', timeoutMs);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new RangeError(`concurrency must be an integer from 1 to ${MAX_CONCURRENCY}, got ${concurrency}`);
  }
  const maxRequests = options.maxRequests ?? concurrency * (Math.ceil(durationMs / intervalMs) + 1);
  requirePositive('maxRequests', maxRequests);
  const request = options.request ?? defaultRequest(options.completion ?? {}, timeoutMs, options.signal);

  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const timeline: ProbeSample[] = [];
  let issued = 0;
  let stoppedBy: ProbeResult['stoppedBy'] = 'duration';
  const shouldStop = () => {
    if (options.signal?.aborted) stoppedBy = 'signal';
    else if (issued >= maxRequests) stoppedBy = 'maxRequests';
    else if (elapsed() < durationMs) return false;
    return true;
  };

  const lane = async (index: number) => {
    // Stagger lanes so concurrency spreads load over the interval instead of bursting.
    await sleep((intervalMs / concurrency) * index, options.signal);
    while (!shouldStop()) {
      issued++;
      const t = elapsed();
      const sample = await runOne(request, timeoutMs, t);
      // A request cut short by the caller's stop is not a failure of the system under test.
      if (!(sample.kind === 'aborted' && options.signal?.aborted)) timeline.push(sample);
      await sleep(Math.max(0, t + intervalMs - elapsed()), options.signal);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => lane(index)));
  return summarize(
    timeline.sort((a, b) => a.t - b.t),
    elapsed(),
    stoppedBy,
  );
}

async function runOne(request: () => Promise<unknown>, timeoutMs: number, t: number): Promise<ProbeSample> {
  const begin = performance.now();
  let timer: NodeJS.Timeout | undefined;
  // A request that ignores its own timeout must not stretch the probe beyond its time bound.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { kind: 'timeout' })), timeoutMs);
  });
  try {
    await Promise.race([request(), deadline]);
    return { t: round(t), ok: true, latencyMs: round(performance.now() - begin) };
  } catch (error) {
    return { t: round(t), ok: false, latencyMs: round(performance.now() - begin), kind: classifyError(error) };
  } finally {
    clearTimeout(timer);
  }
}

function summarize(timeline: ProbeSample[], durationMs: number, stoppedBy: ProbeResult['stoppedBy']): ProbeResult {
  const successes = timeline.filter((sample) => sample.ok);
  const failures = timeline.filter((sample) => !sample.ok);
  const errorsByKind: Partial<Record<ErrorKind, number>> = {};
  for (const failure of failures) errorsByKind[failure.kind!] = (errorsByKind[failure.kind!] ?? 0) + 1;
  return {
    total: timeline.length,
    ok: successes.length,
    failed: failures.length,
    successRate: timeline.length === 0 ? 0 : successes.length / timeline.length,
    latency: summarizeLatency(successes.map((sample) => sample.latencyMs)),
    errorsByKind,
    timeline,
    ...(failures.length > 0 ? { firstFailureAt: failures[0]!.t, lastFailureAt: failures.at(-1)!.t } : {}),
    durationMs: round(durationMs),
    stoppedBy,
  };
}

function defaultRequest(completion: ProbeOptions['completion'] & object, timeoutMs: number, signal?: AbortSignal) {
  const { prompt = 'netpart probe', maxTokens = 8, ...rest } = completion;
  return async () => {
    const result = await sendCompletionRequest(prompt, maxTokens, { ...rest, timeoutMs, ...(signal ? { signal } : {}) });
    return validateCompletionResponse(result);
  };
}

function requirePositive(field: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${field} must be a positive number, got ${value}`);
}

const round = (value: number) => Math.round(value * 10) / 10;
