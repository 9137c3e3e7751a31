// The testbed node agent: plays kubelet + scheduler for one fake node. Started by `testbed up`, configured by env.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectKube, mergePatch, isNotFound } from '../../runner/kube/client.ts';
import { createLogger } from '../../runner/log/logger.ts';
import { NODE_NAME } from '../paths.ts';
import type { AgentDeps } from './deps.ts';
import type { EnvSources } from './env.ts';
import { IpAllocator } from './ips.ts';
import { startLogServer } from './log-server.ts';
import { patchNodeStatus, registerNode, renewLease, type NodeIdentity } from './node.ts';
import { PodReconciler } from './reconciler.ts';
import { startSandbox, type AgentSandbox, type DataplaneMode } from './sandbox-choice.ts';
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
const mode: DataplaneMode = process.env.TESTBED_DATAPLANE === 'netns' ? 'netns' : 'host';
// TESTBED_SCHEDULER=off: a second agent beside the testbed's own (e.g. to measure it) must not bind other pods.
const scheduler = process.env.TESTBED_SCHEDULER ?? 'on';
if (scheduler !== 'on' && scheduler !== 'off')
  throw new AgentConfigError(`TESTBED_SCHEDULER is '${scheduler}'; set it to 'on' (bind unscheduled pods, the default) or 'off'`);
// The log server listens on loopback in the root namespace: the node IP may live inside the dataplane's node namespace.
const node: NodeIdentity = {
  name: process.env.TESTBED_NODE_NAME ?? NODE_NAME,
  ip: process.env.TESTBED_NODE_IP ?? '127.0.0.1',
  kubeletHost: '127.0.0.1',
  kubeletPort: Number(requiredEnv('TESTBED_KUBELET_PORT')),
};

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
const reconcilerDeps = (sandbox: AgentSandbox): AgentDeps => ({
  kube,
  log,
  sandbox: sandbox.provider,
  volumes: new VolumeBuilder(kube),
  envSources,
  mergePatch,
  nodeName: node.name,
  nodeIP: node.ip,
  apiHost: sandbox.apiHost,
  apiPort: sandbox.apiPort,
  runDir: join(dir, 'pods'),
});

// Host mode only (the netns dataplane has its own IPAM): pods already on this node (agent restart) keep their IPs
// so no two pods ever share one.
if (mode === 'host') {
  for (const pod of (await kube.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node.name}` })).items) {
    if (pod.status?.podIP && pod.metadata?.uid) ips.reserve(pod.metadata.uid, pod.status.podIP);
  }
}

let reconciler: PodReconciler | undefined;
await startLogServer(node.kubeletPort, node.kubeletHost, { certFile: join(dir, 'kubelet.crt'), keyFile: join(dir, 'kubelet.key') }, (ns, pod, c) =>
  reconciler?.logs(ns, pod, c),
);
// kube-router reads the Node (its InternalIP) when it starts, so the Node exists before the dataplane.
await registerNode(kube, node);
const sandbox = await startSandbox({ mode, runDir: dir, adminKubeconfig: requiredEnv('KUBECONFIG'), nodeName: node.name, nodeIP: node.ip, api: apiUrl, ips });
reconciler = new PodReconciler(reconcilerDeps(sandbox), { schedule: scheduler === 'on' });
await renewLease(kube, node);
setInterval(() => {
  renewLease(kube, node).catch((err: unknown) => log.warn({ err }, 'lease renewal failed'));
}, 10_000);
setInterval(() => {
  patchNodeStatus(kube, node).catch((err: unknown) => log.warn({ err }, 'node status update failed'));
}, 40_000);
await reconciler.start();
log.info({ node: node.name, kubeletPort: node.kubeletPort, dataplane: sandbox.mode, podApi: `${sandbox.apiHost}:${sandbox.apiPort}` }, 'node agent ready');
// `testbed up` waits for this file: it means the sandbox (and in netns mode kube-router) is in place.
writeFileSync(join(dir, 'agent-ready'), `${sandbox.mode}\n`);

// Containers run in their own process groups, so `down` signalling the agent's group does not reach them:
// stop them here (short grace) before leaving, or they would outlive the testbed.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'node agent stopping its containers');
    const stopped = reconciler?.shutdown(2) ?? Promise.resolve();
    void stopped
      .then(() => sandbox.teardown())
      .catch((err: unknown) => log.error({ err }, 'dataplane teardown failed; `testbed down` removes the namespaces'))
      .finally(() => process.exit(0));
  });
}
