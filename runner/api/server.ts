// The node:http server: routing, JSON responses, error shaping and the access log; no framework.
import { EVENTS } from '../contract/events.ts';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Kube } from '../kube/client.ts';
import type { Logger } from '../log/logger.ts';
import { kubernetesAuth, noAuth, type Auth, type Caller } from './auth.ts';
import { DEFAULT_BODY_LIMIT_BYTES } from './body.ts';
import { ApiError } from './errors.ts';
import type { ApiMetrics } from './metrics.ts';
import { matchRoute, type RequestContext } from './routes.ts';
import type { FaultEngine } from '../faults/types.ts';
import { FaultService } from './service.ts';

/** How to build the server; `auth: 'none'` is only for local port-forward use. */
export interface ApiServerOptions {
  engine: FaultEngine;
  kube?: Kube;
  auth: 'kubernetes' | 'none';
  /** With auth 'kubernetes': the identity requests without a token are authorized as (--unauthenticated-as). */
  unauthenticatedAs?: Caller;
  logger: Logger;
  bodyLimitBytes?: number;
  /** When set, GET /metrics serves it (no auth, like /health) and every request is observed. */
  metrics?: ApiMetrics;
}

function send(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...extraHeaders });
  res.end(text);
}

/** Creates (does not start) the HTTP server for the fault-injection API. */
export function createApiServer(options: ApiServerOptions): Server {
  if (options.auth === 'kubernetes' && !options.kube)
    throw new Error('createApiServer: auth "kubernetes" needs `kube` for TokenReview and SubjectAccessReview');
  const auth: Auth = options.auth === 'none' ? noAuth() : kubernetesAuth(options.kube as Kube, options.unauthenticatedAs);
  const service = new FaultService(options.engine);
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const log = options.logger;

  return createServer((req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ctx: RequestContext = { req, url, params: {}, service, auth, bodyLimitBytes };
    const metrics = options.metrics;
    void (async () => {
      let status = 200;
      let routePath = 'unmatched';
      try {
        if (metrics && url.pathname === '/metrics' && req.method === 'GET') {
          routePath = '/metrics';
          const text = await metrics.registry.metrics();
          res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(text) });
          res.end(text);
          return;
        }
        const { route, params } = matchRoute(req.method ?? 'GET', url.pathname);
        ctx.params = params;
        routePath = route.path;
        send(res, 200, await route.handler(ctx));
      } catch (error) {
        const apiError = error instanceof ApiError ? error : new ApiError(500, 'internal error; see the service log', { cause: error });
        status = apiError.status;
        if (status >= 500) log.error({ err: error, method: req.method, path: url.pathname }, EVENTS.apiError);
        const headers: Record<string, string> = {};
        if (status === 401) headers['www-authenticate'] = 'Bearer';
        if (status === 413) headers.connection = 'close';
        if (!res.headersSent) send(res, status, { detail: apiError.detail }, headers);
      } finally {
        metrics?.observeRequest(req.method ?? 'GET', routePath, status, (performance.now() - started) / 1000);
        log.info({ method: req.method, path: url.pathname, status, user: ctx.user, durationMs: Math.round(performance.now() - started) }, EVENTS.apiRequest);
      }
    })();
  });
}
