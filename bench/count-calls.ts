// Counts API calls per method: a Kube whose typed clients are wrapped so each call is tallied (for the miss analysis).
import type { Kube } from '../runner/kube/client.ts';

/** A Kube that records every API-client method call by name into `calls` (and its total ms into `ms`), raw requests too. */
export function countingKube(kube: Kube, calls: Map<string, number>, ms = new Map<string, number>()): Kube {
  const wrap = <T extends object>(client: T): T =>
    new Proxy(client, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        return (...args: unknown[]) => {
          calls.set(prop, (calls.get(prop) ?? 0) + 1);
          const start = performance.now();
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          const add = () => ms.set(prop, (ms.get(prop) ?? 0) + performance.now() - start);
          return result instanceof Promise ? result.finally(add) : (add(), result);
        };
      },
    });
  // Raw requests (runner/kube/raw.ts: Table lists) fetch credentials through applyToHTTPSOptions once per request;
  // counted there, without a duration (the request itself runs outside this proxy).
  const config = new Proxy(kube.config, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'applyToHTTPSOptions' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (opts: { method?: string }) => {
        const key = `raw ${opts.method ?? 'GET'}`;
        calls.set(key, (calls.get(key) ?? 0) + 1);
        return (value as (o: unknown) => Promise<void>).call(target, opts);
      };
    },
  });
  return { ...kube, config, core: wrap(kube.core), net: wrap(kube.net), batch: wrap(kube.batch), events: wrap(kube.events) };
}

/** "listNamespacedPod×3 (40 ms), …" in call-count order; the ms are wall time per method, summed. */
export const describeCalls = (calls: Map<string, number>, ms?: Map<string, number>): string =>
  [...calls.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}×${v}${ms?.has(k) ? ` (${Math.round(ms.get(k)!)} ms)` : ''}`)
    .join(', ');
