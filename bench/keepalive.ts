// A Kube whose requests share one keep-alive agent: client-node 1.4 builds a new https.Agent per request (so every
// API call pays a TCP + TLS handshake). Measured side by side to size the fix proposed for runner/kube/client.ts.
import { KubeConfig } from '@kubernetes/client-node';
import type { Agent } from 'node:https';
import { connectKube, type Kube } from '../runner/kube/client.ts';

type AgentFactory = (cluster: unknown, options: Record<string, unknown>) => Agent;

/** connectKube over a kubeconfig file, with one cached keep-alive agent for every request. */
export function keepAliveKube(kubeconfig: string): Kube {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfig);
  const internals = config as unknown as { createAgent: AgentFactory };
  const create = internals.createAgent.bind(config);
  let agent: Agent | undefined;
  internals.createAgent = (cluster, options) => (agent ??= create(cluster, { ...options, keepAlive: true }));
  return connectKube({ config });
}
