// "kwok-style" pods: bound to a node no agent runs, set Running with an IP through pods/status; no process exists.
import type { V1Pod } from '@kubernetes/client-node';
import { isConflict, isNotFound, mergePatch, type Kube } from '../runner/kube/client.ts';
import { idlePod } from '../testbed/index.ts';
import { boundedAll } from './stats.ts';

/** The node the virtual pods are bound to; the testbed agent only runs pods of its own node ("testbed-node"). */
export const VIRTUAL_NODE = 'bench-virtual';

/** Creates the Node object so podgc does not delete the pods as orphans of a missing node. */
export async function ensureVirtualNode(kube: Kube): Promise<void> {
  try {
    await kube.core.readNode({ name: VIRTUAL_NODE });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await kube.core.createNode({ body: { metadata: { name: VIRTUAL_NODE, labels: { 'netpart.dev/bench': 'virtual' } } } }).catch((e: unknown) => {
      if (!isConflict(e)) throw e;
    });
  }
}

/** A pod wanted in a bench namespace: its name, labels and the IP it is given. */
export interface VirtualPodSpec {
  name: string;
  labels: Record<string, string>;
  ip: string;
}

const podBody = (p: VirtualPodSpec): V1Pod =>
  idlePod(p.name, { ...p.labels, 'netpart.dev/bench': 'virtual' }, { nodeName: VIRTUAL_NODE, automountServiceAccountToken: false, enableServiceLinks: false });

/** Makes sure every wanted pod exists and is Running with its IP; returns how many had to be created. */
export async function ensureVirtualPods(kube: Kube, namespace: string, wanted: VirtualPodSpec[], concurrency = 16): Promise<number> {
  await ensureVirtualNode(kube);
  const existing = new Map<string, V1Pod>();
  for (const pod of (await kube.core.listNamespacedPod({ namespace, labelSelector: 'netpart.dev/bench=virtual' })).items) {
    existing.set(pod.metadata?.name ?? '', pod);
  }
  const missing = wanted.filter((p) => !existing.has(p.name));
  await boundedAll(missing, concurrency, async (p) => {
    await kube.core.createNamespacedPod({ namespace, body: podBody(p) }).catch((e: unknown) => {
      if (!isConflict(e)) throw e;
    });
  });
  const notRunning = wanted.filter((p) => {
    const pod = existing.get(p.name);
    return !pod || pod.status?.phase !== 'Running' || pod.status.podIP !== p.ip;
  });
  const startTime = new Date().toISOString();
  await boundedAll(notRunning, concurrency, (p) =>
    kube.core.patchNamespacedPodStatus(
      {
        name: p.name,
        namespace,
        body: {
          status: {
            phase: 'Running',
            podIP: p.ip,
            podIPs: [{ ip: p.ip }],
            hostIP: '127.0.0.2',
            startTime,
            conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: startTime }],
          },
        },
      },
      mergePatch,
    ),
  );
  return missing.length;
}

/** `count` worker pods `<prefix>-00000…` plus one NATS pod, with IPs in 10.<octet>.0.0/16. */
export function workerPods(prefix: string, count: number, octet: number): VirtualPodSpec[] {
  const ip = (i: number) => `10.${octet}.${Math.floor(i / 250)}.${(i % 250) + 1}`;
  const pods = Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${String(i).padStart(5, '0')}`,
    labels: { 'app.kubernetes.io/name': 'worker' },
    ip: ip(i),
  }));
  return [...pods, { name: 'nats-0', labels: { 'app.kubernetes.io/name': 'nats' }, ip: `10.${octet}.255.250` }];
}
