// Picks the agent's sandbox: the dataplane (a network namespace per pod, kube-router or Felix enforcing policies) or the
// host sandbox (shared host network, fake pod IPs). `testbed up` decides which and says so in TESTBED_DATAPLANE; the
// enforcer comes from TESTBED_ENFORCER and the namespaces/addresses from TESTBED_INSTANCE.
import { join } from 'node:path';
import { CLUSTER_DNS_IP, CLUSTER_DOMAIN } from '../cluster/network.ts';
import { createDataplane } from '../dataplane/index.ts';
import { TESTBED_LAYOUT } from '../dataplane/layout.ts';
import { enforcerFromEnv } from '../enforcer.ts';
import type { IpAllocator } from './ips.ts';
import { NetnsSandboxProvider } from './netns-sandbox.ts';
import { HostSandboxProvider, type SandboxProvider } from './sandbox.ts';

/** How pods are isolated on the testbed node. */
export type DataplaneMode = 'netns' | 'host';

/** Raised when the dataplane's node address disagrees with the node IP the agent was started with. */
export class DataplaneConfigError extends Error {
  override name = 'DataplaneConfigError';
}

/** The sandbox provider plus where pods reach the apiserver, and how to undo it all on exit. */
export interface AgentSandbox {
  mode: DataplaneMode;
  provider: SandboxProvider;
  apiHost: string;
  apiPort: number;
  teardown(): Promise<void>;
}

/** What startSandbox needs from the agent. */
export interface SandboxOptions {
  mode: DataplaneMode;
  runDir: string;
  adminKubeconfig: string;
  nodeName: string;
  nodeIP: string;
  /** The apiserver as the agent reaches it (loopback); pods in the host sandbox use the same address. */
  api: URL;
  ips: IpAllocator;
}

/** Sets up the chosen sandbox; in netns mode the node namespace, the apiserver relay, the enforcer and kube-proxy start here. */
export async function startSandbox(options: SandboxOptions): Promise<AgentSandbox> {
  const apiPort = Number(options.api.port || 443);
  if (options.mode === 'host') {
    return { mode: 'host', provider: new HostSandboxProvider(options.ips), apiHost: options.api.hostname, apiPort, teardown: async () => undefined };
  }
  // The relay must live in this process (it forwards pod connections to the loopback apiserver), so the agent owns it.
  const dataplane = createDataplane({
    stateDir: join(options.runDir, 'dataplane'),
    layout: TESTBED_LAYOUT,
    enforcer: enforcerFromEnv(),
    adminKubeconfig: options.adminKubeconfig,
    nodeName: options.nodeName,
    serviceProxy: true,
  });
  try {
    const node = await dataplane.setupNode();
    if (node.nodeIP !== options.nodeIP) {
      throw new DataplaneConfigError(
        `TESTBED_NODE_IP is ${options.nodeIP} but the dataplane's node address is ${node.nodeIP}; start the agent with TESTBED_NODE_IP=${node.nodeIP}`,
      );
    }
    if (!node.apiHost || !node.apiPort) throw new DataplaneConfigError('the dataplane started without its apiserver relay; pass adminKubeconfig');
    return {
      mode: 'netns',
      provider: new NetnsSandboxProvider(dataplane, node, { nameserver: CLUSTER_DNS_IP, domain: CLUSTER_DOMAIN, dir: join(options.runDir, 'resolv') }),
      apiHost: node.apiHost,
      apiPort: node.apiPort,
      teardown: () => dataplane.teardown(),
    };
  } catch (error) {
    // Half-built namespaces or a started enforcer must not outlive a failed start.
    await dataplane.teardown().catch(() => undefined);
    throw error;
  }
}
