// GET /metrics for the API in Prometheus text format (prom-client): faults active, inject/recover outcomes,
// request latency and how late expired faults were removed.
import { EVENTS } from '../contract/events.ts';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from '../log/logger.ts';

/** What the server records per request; a route is its path template, so the label set stays small. */
export interface ApiMetrics {
  readonly registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** Recorded when a held fault was recovered at expiry: now − expires_at. */
  observeExpiry(expiresAt: string): void;
}

// The outcome of an inject or recover, from its status code; the label values a dashboard groups by.
export function outcomeOf(status: number): string {
  if (status === 200) return 'success';
  if (status === 401 || status === 403) return 'denied';
  if (status === 409) return 'refused';
  if (status === 501) return 'unsupported';
  if (status >= 400 && status < 500) return 'invalid';
  return 'error';
}

/** A registry with the API's metrics; `activeFaults` is read at each scrape (the cluster is the source of truth). */
export function createApiMetrics(activeFaults: () => Promise<number>, options: { defaultMetrics?: boolean } = {}): ApiMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'netpart_api_' });
  new Gauge({
    name: 'netpart_api_faults_active',
    help: 'Faults (netpart NetworkPolicies) active in the namespaces this service watches, read from the cluster at scrape time.',
    registers: [registry],
    async collect() {
      // A failed read leaves the last value rather than failing the whole scrape; the api.error log says why.
      try {
        this.set(await activeFaults());
      } catch {
        /* keep the previous value */
      }
    },
  });
  const injects = new Counter({
    name: 'netpart_api_injects_total',
    help: 'Inject requests by outcome (success, denied, invalid, refused, unsupported, error).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const recovers = new Counter({
    name: 'netpart_api_recovers_total',
    help: 'Recover requests by outcome (success, denied, invalid, error).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'netpart_api_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code.',
    labelNames: ['method', 'route', 'code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const lateness = new Histogram({
    name: 'netpart_api_expiry_lateness_seconds',
    help: 'How long after its expires_at a fault held by this service was recovered.',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      latency.observe({ method, route, code: String(status) }, seconds);
      if (route === '/api/v1/faults/network/inject' && method === 'POST') injects.inc({ outcome: outcomeOf(status) });
      if (route === '/api/v1/faults/{fault_id}/recover' && method === 'POST') recovers.inc({ outcome: outcomeOf(status) });
    },
    observeExpiry(expiresAt) {
      const late = (Date.now() - Date.parse(expiresAt)) / 1000;
      if (Number.isFinite(late)) lateness.observe(Math.max(0, late));
    },
  };
}

/**
 * The logger handed to the engine, seeing its `fault.expired` line: the engine reports expiry only there, and this
 * file may not change the engine. Everything else passes through unchanged.
 */
export function expiryObservingLogger(logger: Logger, metrics: ApiMetrics): Logger {
  return new Proxy(logger, {
    get(target, prop, receiver) {
      if (prop === 'info') {
        return (obj: unknown, ...rest: unknown[]) => {
          const fields = obj as { expiresAt?: unknown } | undefined;
          if (rest[0] === EVENTS.faultExpired && typeof fields?.expiresAt === 'string') metrics.observeExpiry(fields.expiresAt);
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- without it tsc picks one of pino's info() overloads and rejects the unknown[] spread
          (target.info as (...args: unknown[]) => void).call(target, obj, ...rest);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
