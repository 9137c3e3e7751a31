// Raw JSON requests through the same KubeConfig as the typed clients, for the hot paths where client-node's typed
// (de)serialisation of every model costs more than the request itself, or where we want a server-side projection
// (a Table, see pod-rows.ts) the typed clients cannot ask for.
import { ApiException, type KubeConfig } from '@kubernetes/client-node';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';

/** Path of a namespace's pods collection. */
export const podsPath = (namespace: string): string => `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
/** Path of one pod. */
export const podPath = (namespace: string, name: string): string => `${podsPath(namespace)}/${encodeURIComponent(name)}`;
/** Path of a namespace's NetworkPolicies collection. */
export const policiesPath = (namespace: string): string => `/apis/networking.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/networkpolicies`;
/** Path of one NetworkPolicy. */
export const policyPath = (namespace: string, name: string): string => `${policiesPath(namespace)}/${encodeURIComponent(name)}`;
/** Path of one batch/v1 Job. */
export const jobPath = (namespace: string, name: string): string =>
  `/apis/batch/v1/namespaces/${encodeURIComponent(namespace)}/jobs/${encodeURIComponent(name)}`;
/** Path of a namespace's events.k8s.io/v1 Events collection. */
export const eventsPath = (namespace: string): string => `/apis/events.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/events`;

/** What one raw request sends; `body` is JSON-encoded. */
export interface RawRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/api/v1/namespaces/ns/pods?labelSelector=a%3Db`. */
  path: string;
  accept?: string;
  contentType?: string;
  body?: unknown;
  /** Called once the request has been handed to the socket (or failed before that). */
  onSent?: () => void;
}

const parseBody = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * Sends one request and returns the parsed JSON body. Failures are client-node's ApiException (code + Status body),
 * so statusCode/isNotFound/kubeErrorMessage treat raw and typed calls alike.
 */
export async function rawJson<T>(config: KubeConfig, req: RawRequest): Promise<T> {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const base = new URL(cluster.server);
  // The cluster's base path (a proxy prefix) stays in front of the API path.
  const path = `${base.pathname.replace(/\/$/, '')}${req.path}`;
  const opts: RequestOptions = { method: req.method ?? 'GET', headers: {} };
  // Credentials (token, exec plugin, client cert), TLS settings and the agent (keep-alive, see keepalive.ts).
  await config.applyToHTTPSOptions(opts);
  const https = base.protocol === 'https:';
  const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
  const headers = {
    ...(opts.headers as Record<string, string>),
    accept: req.accept ?? 'application/json',
    ...(payload ? { 'content-type': req.contentType ?? 'application/json', 'content-length': String(payload.length) } : {}),
  };
  const send = https ? httpsRequest : httpRequest;
  return new Promise<T>((resolve, reject) => {
    const request = send({ ...opts, host: base.hostname.replace(/^\[|\]$/g, ''), port: base.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = parseBody(Buffer.concat(chunks).toString('utf8'));
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 300) resolve(body as T);
        else reject(new ApiException(code, `${req.method ?? 'GET'} ${req.path}`, body, res.headers as Record<string, string>));
      });
    });
    request.on('error', reject);
    if (req.onSent) {
      const sent = req.onSent;
      let called = false;
      const once = () => {
        if (called) return;
        called = true;
        sent();
      };
      request.on('finish', once);
      request.on('error', once);
    }
    request.end(payload);
  });
}
