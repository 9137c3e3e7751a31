// The runner's first API request without client-node: one GET over node:http/https with the credentials the early
// loader (early-config.ts) read. client-node's config code, js-yaml and node-fetch are ~230 KiB that V8 would compile
// before this request could leave; everything after it goes through client-node (client.ts) as usual.
import { ApiException } from '@kubernetes/client-node';
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';

/** Node's synchronous loader of builtin modules; undefined before Node 20.16. */
const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.bind(process);
/** Where and how to reach the API server; the secrets are private fields, so logging the object never shows them. */
export interface EarlyConnectionInit {
  /** API server URL without a trailing slash; its path (a proxy prefix) stays in front of request paths. */
  server: string;
  /** Namespace of the current context (or the ServiceAccount's); "default" when unset. */
  namespace: string;
  inCluster: boolean;
  token?: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Only when the kubeconfig says `insecure-skip-tls-verify: true`. */
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
}

/** A loaded connection that can send GET requests; `onSent` fires once the request is on the socket (or failed). */
export class EarlyConnection {
  readonly server: string;
  readonly namespace: string;
  readonly inCluster: boolean;
  readonly insecureSkipTlsVerify: boolean;
  readonly #token: string | undefined;
  readonly #tls: Pick<RequestOptions & { ca?: Buffer; cert?: Buffer; key?: Buffer; servername?: string }, 'ca' | 'cert' | 'key' | 'servername'>;

  constructor(init: EarlyConnectionInit) {
    this.server = init.server;
    this.namespace = init.namespace;
    this.inCluster = init.inCluster;
    this.insecureSkipTlsVerify = init.insecureSkipTlsVerify;
    this.#token = init.token;
    this.#tls = {
      ...(init.ca ? { ca: init.ca } : {}),
      ...(init.cert ? { cert: init.cert } : {}),
      ...(init.key ? { key: init.key } : {}),
      ...(init.tlsServerName ? { servername: init.tlsServerName } : {}),
    };
  }

  /** GETs `path` (with query) and parses the JSON body; a non-2xx answer rejects with client-node's ApiException. */
  async getJson<T>(path: string, onSent?: () => void): Promise<T> {
    const base = new URL(this.server);
    const https = base.protocol === 'https:';
    // node:https pulls in tls and the crypto bindings: loaded only when the server needs them. Synchronously where Node
    // offers it (≥ 20.16): an import() would start Node's ES module loader in the CommonJS runner entry, the very cost
    // that entry exists to avoid (scripts/build.ts).
    const { request } = https
      ? ((getBuiltin?.('node:https') as typeof import('node:https') | undefined) ?? (await import('node:https')))
      : ((getBuiltin?.('node:http') as typeof import('node:http') | undefined) ?? (await import('node:http')));
    const headers: Record<string, string> = { accept: 'application/json', ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}) };
    const options = {
      method: 'GET',
      host: base.hostname.replace(/^\[|\]$/g, ''),
      port: base.port,
      path: `${base.pathname.replace(/\/$/, '')}${path}`,
      headers,
      ...(https ? { ...this.#tls, rejectUnauthorized: !this.insecureSkipTlsVerify } : {}),
    };
    return new Promise<T>((resolve, reject) => {
      const req: ClientRequest = request(options, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON (a proxy's error page): kept as text for the error
          }
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) resolve(body as T);
          else reject(new ApiException(code, `GET ${path}`, body, res.headers as Record<string, string>));
        });
      });
      let sent = false;
      const markSent = () => {
        if (sent) return;
        sent = true;
        onSent?.();
      };
      req.on('finish', markSent);
      req.on('error', (error) => {
        markSent();
        reject(error);
      });
      req.end();
    });
  }
}
