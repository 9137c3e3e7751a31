// Repetition and summary statistics: every figure the benchmark reports is a median over repeated runs.

/** Median of a non-empty list of numbers. */
export function median(values: number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Times `fn` once in milliseconds. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = nowMs();
  await fn();
  return nowMs() - start;
}

/** Runs `fn` `runs` times (after `warmup` untimed runs) and returns every sample in milliseconds. */
export async function samples(runs: number, fn: () => Promise<unknown>, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await timeMs(fn));
  return out;
}

/** Runs `worker` over `items` with at most `limit` in flight (the API server and this machine are shared). */
export async function boundedAll<T, R>(items: readonly T[], limit: number, worker: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await worker(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return results;
}
