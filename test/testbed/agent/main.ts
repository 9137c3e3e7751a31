// The testbed node agent: plays kubelet + scheduler for one fake node. Started by `testbed up`, configured by env.
import { join } from 'node:path';
import { connectKube, mergePatch, isNotFound } from '../../../runner/kube/client.ts';
import { createLogger } from '../../../runner/log/logger.ts';
import { NODE_NAME } from '../paths.ts';
import type { AgentDeps } from './deps.ts';
import type { EnvSources } from './env.ts';
import { IpAllocator } from './ips.ts';
import { startLogServer } from './log-server.ts';
import { patchNodeStatus, registerNode, renewLease, type NodeIdentity } from './node.ts';
import { PodReconciler } from './reconciler.ts';
import { HostSandboxProvider } from './sandbox.ts';
import { VolumeBuilder } from './volumes.ts';

/** Raised when a required setting is missing from the agent's environment. */
export class AgentConfigError extends Error {
  override name = 'AgentConfigError';
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new AgentConfigError(`${name} is not set; the agent is started by \`npm run testbed -- up\`, which sets it`);
  return value;
}

const dir = requiredEnv('TESTBED_DIR');
const kube = connectKube({ kubeconfig: requiredEnv('KUBECONFIG') });
const log = createLogger({ name: 'testbed-node-agent' });
const apiUrl = new URL(kube.server);
const node: NodeIdentity = { name: process.env.TESTBED_NODE_NAME ?? NODE_NAME, ip: process.env.TESTBED_NODE_IP ?? '127.0.0.1', kubeletPort: Number(requiredEnv('TESTBED_KUBELET_PORT')) };

const dataOf = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
};
const envSources: EnvSources = {
  configMap: async (namespace, name) => (await dataOf(() => kube.core.readNamespacedConfigMap({ name, namespace })))?.data ?? undefined,
  secret: async (namespace, name) => {
    const secret = await dataOf(() => kube.core.readNamespacedSecret({ name, namespace }));
    return secret && Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
  },
};

const ips = new IpAllocator();
const deps: AgentDeps = {
  kube,
  log,
  sandbox: new HostSandboxProvider(ips),
  volumes: new VolumeBuilder(kube),
  envSources,
  mergePatch,
  nodeName: node.name,
  nodeIP: node.ip,
  apiHost: apiUrl.hostname,
  apiPort: Number(apiUrl.port || 443),
  runDir: join(dir, 'pods'),
};

// Pods already on this node (agent restart) keep their IPs so no two pods ever share one.
for (const pod of (await kube.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node.name}` })).items) {
  if (pod.status?.podIP && pod.metadata?.uid) ips.reserve(pod.metadata.uid, pod.status.podIP);
}

const reconciler = new PodReconciler(deps);
await startLogServer(node.kubeletPort, node.ip, { certFile: join(dir, 'kubelet.crt'), keyFile: join(dir, 'kubelet.key') }, (ns, pod, c) => reconciler.logs(ns, pod, c));
await registerNode(kube, node);
await renewLease(kube, node);
setInterval(() => renewLease(kube, node).catch((err: unknown) => log.warn({ err }, 'lease renewal failed')), 10_000);
setInterval(() => patchNodeStatus(kube, node).catch((err: unknown) => log.warn({ err }, 'node status update failed')), 40_000);
await reconciler.start();
log.info({ node: node.name, kubeletPort: node.kubeletPort }, 'node agent ready');

// Containers run in their own process groups, so `down` signalling the agent's group does not reach them:
// stop them here (short grace) before leaving, or they would outlive the testbed.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'node agent stopping its containers');
    void reconciler.shutdown(2).finally(() => process.exit(0));
  });
}
