// The guide's checkFrontendReachable(): is the frontend's /health answering 2xx right now?
import { getConfigFromEnv } from './config.ts';
import type { ErrorKind } from './error-kind.ts';
import { classifyError } from './error-kind.ts';
import { joinUrl, requestJson, type RequestOptions } from './http.ts';

/** What one /health call saw: reachability plus enough detail to explain a failure. */
export interface FrontendInspection {
  reachable: boolean;
  url: string;
  status?: number;
  latencyMs: number;
  kind?: ErrorKind;
  body?: unknown;
  error?: string;
}

/** GETs {frontendUrl}/health and reports status, latency and the failure kind; never throws on network errors. */
export async function inspectFrontend(frontendUrl?: string, options: RequestOptions = {}): Promise<FrontendInspection> {
  const url = joinUrl(frontendUrl ?? getConfigFromEnv().frontendUrl, '/health');
  const started = performance.now();
  try {
    const result = await requestJson(url, { method: 'GET' }, options);
    const reachable = result.status >= 200 && result.status < 300;
    return {
      reachable,
      url,
      status: result.status,
      latencyMs: result.latencyMs,
      body: result.body,
      ...(reachable ? {} : { kind: result.errorKind ?? 'other', error: `HTTP ${result.status}` }),
    };
  } catch (error) {
    return {
      reachable: false,
      url,
      latencyMs: performance.now() - started,
      kind: classifyError(error),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The guide's helper: true when {frontendUrl}/health answers 2xx within the timeout, else false. */
export async function checkFrontendReachable(frontendUrl?: string, options: RequestOptions = {}): Promise<boolean> {
  return (await inspectFrontend(frontendUrl, options)).reachable;
}
