// The route table: paths and methods of the old service, each mapped to a FaultService call.
import type { IncomingMessage } from 'node:http';
import type { Auth } from './auth.ts';
import { readJsonBody } from './body.ts';
import { ApiError } from './errors.ts';
import { DEFAULT_CLEANUP_NAMESPACE, type FaultService } from './service.ts';

/** What a handler needs for one request. */
export interface RequestContext {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  service: FaultService;
  auth: Auth;
  bodyLimitBytes: number;
  /** Set once authenticated, for the access log. */
  user?: string;
}

type Handler = (ctx: RequestContext) => Promise<unknown>;

interface Route {
  method: 'GET' | 'POST';
  /** The path template, e.g. /api/v1/faults/{fault_id} (the metrics' route label). */
  path: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

const TRUE = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const FALSE = new Set(['false', '0', 'no', 'off', 'f', 'n']);

/** FastAPI's boolean query parsing ("true"/"false"/"1"/"0"/"yes"/"no"/"on"/"off"). */
export function parseBoolQuery(value: string | null, name: string, fallback: boolean): boolean {
  if (value === null) return fallback;
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new ApiError(422, [{ type: 'bool_parsing', loc: ['query', name], msg: `Input should be a valid boolean ("true" or "false"), got "${value}"` }]);
}

async function authenticated(ctx: RequestContext) {
  const caller = await ctx.auth.authenticate(ctx.req.headers.authorization);
  ctx.user = caller.username;
  return { who: caller.username, allowed: ctx.auth.accessFor(caller) };
}

const route = (method: Route['method'], path: string, handler: Handler): Route => {
  const names: string[] = [];
  const source = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { method, path, pattern: new RegExp(`^${source}/?$`), names, handler };
};

/** Every endpoint; order matters where a literal segment could be taken for a fault id. */
export const ROUTES: Route[] = [
  route('GET', '/health', async () => ({ status: 'healthy', service: 'fault-injection-api', timestamp: new Date().toISOString() })),
  route('POST', '/api/v1/faults/network/inject', async (ctx) => {
    const { who, allowed } = await authenticated(ctx);
    const body = await readJsonBody(ctx.req, ctx.bodyLimitBytes);
    return ctx.service.inject(body, allowed, who);
  }),
  route('POST', '/api/v1/faults/network/cleanup', async (ctx) => {
    const { who, allowed } = await authenticated(ctx);
    return ctx.service.cleanup(ctx.url.searchParams.get('namespace') ?? DEFAULT_CLEANUP_NAMESPACE, allowed, who);
  }),
  route('GET', '/api/v1/faults', async (ctx) => {
    const { who, allowed } = await authenticated(ctx);
    const activeOnly = parseBoolQuery(ctx.url.searchParams.get('active_only'), 'active_only', false);
    return ctx.service.list(activeOnly, allowed, who, ctx.url.searchParams.get('namespace') ?? undefined);
  }),
  route('GET', '/api/v1/faults/{fault_id}', async (ctx) => {
    const { who, allowed } = await authenticated(ctx);
    return ctx.service.get(ctx.params.fault_id ?? '', allowed, who);
  }),
  route('POST', '/api/v1/faults/{fault_id}/recover', async (ctx) => {
    const { who, allowed } = await authenticated(ctx);
    return ctx.service.recover(ctx.params.fault_id ?? '', allowed, who);
  }),
];

/** The matching route and its path parameters; 404/405 as FastAPI answers them. */
export function matchRoute(method: string, pathname: string): { route: Route; params: Record<string, string> } {
  let pathMatched = false;
  for (const r of ROUTES) {
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    const params: Record<string, string> = {};
    r.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? '');
    });
    return { route: r, params };
  }
  throw pathMatched ? new ApiError(405, 'Method Not Allowed') : new ApiError(404, 'Not Found');
}
