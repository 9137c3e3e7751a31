// One keep-alive agent per KubeConfig: client-node 1.4 builds a new https.Agent for every request (KubeConfig.createAgent
// in applySecurityAuthentication), so each API call paid a fresh TCP + TLS handshake.
import type { KubeConfig } from '@kubernetes/client-node';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

type AgentOptions = Record<string, unknown>;
type AgentFactory = (cluster: { server?: string; proxyUrl?: string } | null, options: AgentOptions) => HttpAgent;

const PATCHED = Symbol('netpart.keepAlive');

// Two option sets describe the same connection when every TLS field is equal (buffers by content).
const sameOptions = (a: AgentOptions, b: AgentOptions): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (Buffer.isBuffer(x) && Buffer.isBuffer(y) ? !x.equals(y) : x !== y) return false;
  }
  return true;
};

/**
 * Makes every request of this KubeConfig (typed clients, watches, raw requests) reuse one keep-alive agent while the
 * server and TLS material stay the same; proxied clusters keep client-node's own agents. Idle sockets are unref'd by
 * node, so a held connection never keeps the process alive. Idempotent.
 */
export function keepConnectionsAlive(config: KubeConfig): void {
  const internals = config as unknown as { createAgent: AgentFactory; [PATCHED]?: true };
  if (internals[PATCHED]) return;
  const create = internals.createAgent.bind(config);
  let cached: { server: string; options: AgentOptions; agent: HttpAgent } | undefined;
  internals.createAgent = (cluster, options) => {
    if (!cluster?.server || cluster.proxyUrl) return create(cluster, options);
    if (cached && cached.server === cluster.server && sameOptions(cached.options, options)) return cached.agent;
    // client-node's own agent first: it refuses http:// without skipTLSVerify and tells http from https.
    const plain = create(cluster, options);
    const agent = plain instanceof HttpsAgent ? new HttpsAgent({ ...options, keepAlive: true }) : new HttpAgent({ ...options, keepAlive: true });
    cached = { server: cluster.server, options: { ...options }, agent };
    return agent;
  };
  internals[PATCHED] = true;
}
