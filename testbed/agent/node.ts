// The fake Node: registration with a Ready status and the kubelet port, and its Lease heartbeat.
import { CoordinationV1Api, type V1Node } from '@kubernetes/client-node';
import type { Kube } from '../../runner/kube/client.ts';
import { isConflict, isNotFound, mergePatch } from '../../runner/kube/client.ts';
import { K8S_VERSION } from '../versions.ts';

/** Identity and addresses of the node the agent plays. */
export interface NodeIdentity {
  name: string;
  ip: string;
  /** Where the log endpoint listens; published as the Hostname address, which the apiserver prefers for logs. */
  kubeletHost: string;
  kubeletPort: number;
}

function nodeStatus(node: NodeIdentity, now: Date): V1Node['status'] {
  const cond = (type: string, status: string, reason: string) => ({ type, status, reason, message: reason, lastHeartbeatTime: now, lastTransitionTime: now });
  const resources = { cpu: '64', memory: '256Gi', pods: '500', 'ephemeral-storage': '1Ti' };
  return {
    conditions: [
      cond('Ready', 'True', 'KubeletReady'),
      cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory'),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure'),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID'),
    ],
    addresses: [
      { type: 'InternalIP', address: node.ip },
      // Not the name: the apiserver dials the Hostname address first, and the InternalIP may be inside the node netns.
      { type: 'Hostname', address: node.kubeletHost },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: node.kubeletPort } },
    capacity: resources,
    allocatable: resources,
    nodeInfo: {
      machineID: 'netpart-testbed',
      systemUUID: 'netpart-testbed',
      bootID: 'netpart-testbed',
      kernelVersion: process.platform,
      osImage: 'netpart testbed node agent',
      containerRuntimeVersion: 'testbed://1',
      kubeletVersion: K8S_VERSION,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: process.arch === 'x64' ? 'amd64' : process.arch,
    },
  };
}

/** Creates (or takes over) the Node object and writes its status. */
export async function registerNode(kube: Kube, node: NodeIdentity): Promise<void> {
  const labels = { 'kubernetes.io/hostname': node.name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'netpart.dev/testbed': 'true' };
  try {
    await kube.core.createNode({ body: { metadata: { name: node.name, labels }, spec: {} } });
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
  await patchNodeStatus(kube, node);
}

/** Rewrites the node status (fresh heartbeat times). */
export async function patchNodeStatus(kube: Kube, node: NodeIdentity): Promise<void> {
  await kube.core.patchNodeStatus({ name: node.name, body: { status: nodeStatus(node, new Date()) } }, mergePatch);
}

/** Renews the node Lease in kube-node-lease, creating it the first time. */
export async function renewLease(kube: Kube, node: NodeIdentity): Promise<void> {
  const coordination = kube.config.makeApiClient(CoordinationV1Api);
  // MicroTime wants exactly six fractional digits; the patch body is sent as plain JSON, so format it here.
  const spec = { holderIdentity: node.name, leaseDurationSeconds: 40, renewTime: new Date().toISOString().replace('Z', '000Z') };
  const patch = () => coordination.patchNamespacedLease({ name: node.name, namespace: 'kube-node-lease', body: { spec } }, mergePatch);
  try {
    await patch();
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await coordination.createNamespacedLease({
      namespace: 'kube-node-lease',
      body: { metadata: { name: node.name }, spec: { holderIdentity: node.name, leaseDurationSeconds: 40 } },
    });
    await patch();
  }
}
