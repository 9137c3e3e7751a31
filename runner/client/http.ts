// HTTP transport: the wire API of the fault-injection service (ours or the old Dynamo one), errors as ApiError.
import { ApiError } from '../api/errors.ts';
import type { FaultTransport } from './transport.ts';

/** A transport talking to `apiUrl` (e.g. http://localhost:8080), with an optional bearer token. */
export function httpTransport(apiUrl: string, options: { token?: string; timeoutMs?: number } = {}): FaultTransport {
  const base = apiUrl.replace(/\/+$/, '');
  async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
    } catch (error) {
      throw new ApiError(503, `cannot reach the fault-injection API at ${base}: ${(error as Error).message}`, { cause: error });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch (error) {
      throw new ApiError(502, `${method} ${path}: the API answered HTTP ${res.status} with non-JSON: ${text.slice(0, 200)}`, { cause: error });
    }
    if (!res.ok) {
      const detail = (json as { detail?: unknown } | undefined)?.detail;
      throw new ApiError(res.status, typeof detail === 'string' || Array.isArray(detail) ? (detail as string) : `HTTP ${res.status} from ${method} ${path}`);
    }
    return json as T;
  }
  const id = (faultId: string) => encodeURIComponent(faultId);
  return {
    inject: (body) => request('POST', '/api/v1/faults/network/inject', body),
    recover: (faultId) => request('POST', `/api/v1/faults/${id(faultId)}/recover`),
    list: (activeOnly) => request('GET', `/api/v1/faults?active_only=${activeOnly}`),
    get: (faultId) => request('GET', `/api/v1/faults/${id(faultId)}`),
    cleanup: (namespace) => request('POST', `/api/v1/faults/network/cleanup?namespace=${encodeURIComponent(namespace)}`),
    close: async () => undefined,
  };
}
