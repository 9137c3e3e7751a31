// Starts the API service: connects to Kubernetes, re-holds the API's faults after a restart, sweeps expired ones, listens.
import { RefusedError } from '../util/errors.ts';
import { EVENTS } from '../contract/events.ts';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createFaultEngine } from '../faults/engine.ts';
import { connectKube, type Kube } from '../kube/client.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { createApiServer } from './server.ts';
import { createApiMetrics, expiryObservingLogger } from './metrics.ts';
import { allowEverythingReasons, serviceAccountCaller } from './unauthenticated.ts';

/** Options of `fault-inject serve` and of the Deployment's entry point. */
export interface StartApiOptions {
  port?: number;
  host?: string;
  insecureNoAuth?: boolean;
  /** `system:serviceaccount:NS:NAME`: requests without a token are authorized (SubjectAccessReview) as this identity. */
  unauthenticatedAs?: string;
  kubeconfig?: string;
  context?: string;
  /** Use this connection instead of building one (tests). */
  kube?: Kube;
  logger?: Logger;
  bodyLimitBytes?: number;
  /** Namespaces to list/sweep when the service may not list cluster-wide (default: env NETPART_NAMESPACES, comma-separated). */
  namespaces?: string[];
  /** Process metrics (CPU, memory, event loop) in /metrics too (default true; one registry per process is fine). */
  defaultMetrics?: boolean;
  /** How often expired faults are swept; 0 disables (default 30 s). */
  sweepIntervalMs?: number;
}

/** A running service. */
export interface RunningApi {
  server: Server;
  url: string;
  /** Stops listening and stops holding faults; active faults stay in the cluster (they carry their own expiry). */
  close(): Promise<void>;
  /** Resolves when the Events of the requests answered so far are written (they are written after the answer). */
  flush(): Promise<void>;
}

/** Starts the service and resolves once it listens. */
export async function startApiServer(options: StartApiOptions = {}): Promise<RunningApi> {
  const logger = options.logger ?? createLogger({ name: 'netpart-api' });
  const kube = options.kube ?? connectKube({ kubeconfig: options.kubeconfig, context: options.context });
  const fromEnv = process.env.NETPART_NAMESPACES?.split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const namespaces = options.namespaces ?? (fromEnv && fromEnv.length > 0 ? fromEnv : undefined);
  // The gauge reads the engine only at scrape time, after it exists; the engine's logger feeds the expiry histogram.
  const metrics = createApiMetrics(async () => (await engine.list()).length, { defaultMetrics: options.defaultMetrics });
  const engine = createFaultEngine(kube, { logger: expiryObservingLogger(logger, metrics), namespaces, watchCache: true });
  const unauthenticatedAs = options.unauthenticatedAs ? serviceAccountCaller(options.unauthenticatedAs) : undefined;
  if (unauthenticatedAs) {
    const reasons = await allowEverythingReasons(kube, unauthenticatedAs);
    if (reasons.length > 0 && !options.insecureNoAuth) {
      throw new RefusedError(
        `refusing to start: --unauthenticated-as would let anyone who reaches this port act with broad rights: ${reasons.join('; ')}. Bind that ServiceAccount with RoleBindings in the app namespaces only, or pass --insecure-no-auth to accept this.`,
        'unauthenticated-as-too-broad',
      );
    }
    if (reasons.length > 0)
      logger.warn(
        {
          auth: 'unauthenticated-as',
          user: unauthenticatedAs.username,
          reasons,
          note: 'INSECURE: --insecure-no-auth accepts a token-less identity with broad rights',
        },
        EVENTS.apiInsecure,
      );
    logger.info(
      { user: unauthenticatedAs.username, note: 'requests without a token are authorized as this identity; token-bearing callers keep their own' },
      EVENTS.apiUnauthenticatedAs,
    );
  } else if (options.insecureNoAuth) {
    logger.warn(
      {
        auth: 'none',
        note: "INSECURE: --insecure-no-auth is set: anyone who can reach this port can create and delete NetworkPolicies with this service's rights. Use it only behind kubectl port-forward.",
      },
      EVENTS.apiInsecure,
    );
  }
  const authMode = options.insecureNoAuth && !unauthenticatedAs ? 'none' : 'kubernetes';
  const server = createApiServer({ engine, kube, auth: authMode, unauthenticatedAs, logger, bodyLimitBytes: options.bodyLimitBytes, metrics });

  // Faults this service injected before a restart still need their expiry timers.
  try {
    for (const fault of await engine.list()) if (fault.owner.startsWith('api/')) engine.hold(fault);
  } catch (error) {
    logger.warn({ err: error, note: 'expired faults will be removed by the periodic sweep instead' }, EVENTS.apiReholdFailed);
  }
  const sweepEvery = options.sweepIntervalMs ?? 30_000;
  const sweeper =
    sweepEvery > 0
      ? setInterval(() => {
          engine.sweep().catch((error: unknown) => logger.warn({ err: error }, EVENTS.apiSweepFailed));
        }, sweepEvery)
      : undefined;
  sweeper?.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  logger.info({ url, auth: authMode, unauthenticatedAs: unauthenticatedAs?.username, server: kube.server }, EVENTS.apiListening);
  return {
    server,
    url,
    flush: () => engine.flush(),
    close: async () => {
      if (sweeper) clearInterval(sweeper);
      await engine.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
