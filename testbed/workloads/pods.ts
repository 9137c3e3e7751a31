// Pods for engine tests on the testbed: created, then awaited until Running with an IP.
import type { V1Pod } from '@kubernetes/client-node';
import type { Kube } from '../../runner/kube/client.ts';

/** A minimal pod that the testbed runs as an idle process; restricted-compatible so any namespace admits it. */
export function idlePod(name: string, labels: Record<string, string>, extra: Partial<V1Pod['spec']> = {}): V1Pod {
  return {
    metadata: { name, labels },
    spec: {
      terminationGracePeriodSeconds: 0,
      securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'main',
          image: 'registry.k8s.io/pause:3.10',
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      ],
      ...extra,
    },
  };
}

/**
 * How long pods may take to run. A precondition, not a measurement: at load ~20 on the 2-core testbed five pods took
 * longer than 30 s, so the bound only has to end a test whose pods never run.
 */
export const POD_START_TIMEOUT_MS = 180_000;

/** Creates pods and waits until all are Running with a pod IP. */
export async function createRunningPods(kube: Kube, namespace: string, pods: V1Pod[], timeoutMs = POD_START_TIMEOUT_MS): Promise<V1Pod[]> {
  for (const body of pods) await kube.core.createNamespacedPod({ namespace, body });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await kube.core.listNamespacedPod({ namespace });
    const wanted = list.items.filter((p) => pods.some((q) => q.metadata?.name === p.metadata?.name));
    if (wanted.length === pods.length && wanted.every((p) => p.status?.phase === 'Running' && p.status.podIP)) return wanted;
    if (Date.now() > deadline) {
      throw new Error(`pods not Running within ${timeoutMs} ms: ${wanted.map((p) => `${p.metadata?.name}=${p.status?.phase}`).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The Dynamo-like app shape most tests use: a frontend, three decode workers, NATS. */
export const dynamoPods = (): V1Pod[] => [
  idlePod('vllm-frontend-0', { 'app.kubernetes.io/name': 'frontend', 'nvidia.com/dynamo-component-type': 'frontend' }),
  idlePod('vllm-decode-worker-0', { 'app.kubernetes.io/name': 'worker', 'nvidia.com/dynamo-component-type': 'worker' }),
  idlePod('vllm-decode-worker-1', { 'app.kubernetes.io/name': 'worker', 'nvidia.com/dynamo-component-type': 'worker' }),
  idlePod('vllm-decode-worker-2', { 'app.kubernetes.io/name': 'worker', 'nvidia.com/dynamo-component-type': 'worker' }),
  idlePod('nats-0', { 'app.kubernetes.io/name': 'nats' }),
];
