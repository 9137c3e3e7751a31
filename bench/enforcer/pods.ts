// The pods the enforcer bench measures between: target, peer and bystander as testbed pods (network namespaces on
// this host), echo servers in peer and bystander, and a dialer inside the target.
import type { ChildProcess } from 'node:child_process';
import type { V1Pod } from '@kubernetes/client-node';
import type { Kube } from '../../runner/kube/client.ts';
import { createRunningPods, idlePod, inNetns, installEstablishedRbac, layoutForInstance, namesOf, startEchoServer, uid8Of } from '../../testbed/index.ts';
import { ensureNamespace } from '../cluster.ts';
import { startDialer, type PodDialer } from './dialer-client.ts';

/** The port every echo server listens on (the partition's peer port), and a second one for the endPort check. */
export const PORT = 7000;
export const OTHER_PORT = 7100;
// Pods start slowly on a loaded 2-core machine; this only ends a run whose pods never start.
const POD_START_MS = 180_000;

/** A pod as the bench dials it: its IP and network namespace. */
export interface BenchPod {
  name: string;
  ip: string;
  netnsName: string;
  wrap(argv: readonly string[]): string[];
}

/** Everything set up for one enforcer run; `close()` stops the host processes (the namespace is deleted by the caller). */
export interface EnforcerPods {
  namespace: string;
  target: BenchPod;
  peer: BenchPod;
  bystander: BenchPod;
  /** New connections made from inside the target. */
  dialer: PodDialer;
  close(): void;
}

/** Raised when a pod's IP lies in no testbed instance's pod range (the bench only knows testbed network namespaces). */
export class NotATestbedPodError extends Error {
  override name = 'NotATestbedPodError';
}

/** The network namespace of a testbed pod: the instance whose /16 pod range holds the pod's IP. */
export function benchPodOf(pod: V1Pod): BenchPod {
  const ip = pod.status?.podIP ?? '';
  const prefix = ip.split('.').slice(0, 2).join('.');
  for (let n = 0; n <= 9; n++) {
    const layout = layoutForInstance(n);
    if (layout.podRange.startsWith(`${prefix}.`)) {
      const netns = namesOf(layout).podNetns(uid8Of(pod.metadata?.uid));
      return { name: pod.metadata?.name ?? '', ip, netnsName: netns, wrap: (argv) => inNetns(netns, argv) };
    }
  }
  throw new NotATestbedPodError(
    `pod ${pod.metadata?.name} has IP "${ip}", in no testbed pod range: the enforcer bench runs only against a netns testbed on this host`,
  );
}

/** Creates the namespace, the three pods, the established-mode RBAC, echo servers and the target's dialer. */
export async function setUpPods(kube: Kube, namespace: string): Promise<EnforcerPods> {
  await ensureNamespace(kube, namespace);
  await installEstablishedRbac(kube, namespace);
  const created = await createRunningPods(
    kube,
    namespace,
    [idlePod('target-0', { app: 'target' }), idlePod('peer-0', { app: 'peer' }), idlePod('bystander-0', { app: 'bystander' })],
    POD_START_MS,
  );
  const byName = Object.fromEntries(created.map((p) => [p.metadata?.name ?? '', benchPodOf(p)]));
  const [target, peer, bystander] = [byName['target-0']!, byName['peer-0']!, byName['bystander-0']!];
  const servers: ChildProcess[] = [];
  const close = () => {
    for (const s of servers) s.kill('SIGKILL');
  };
  try {
    for (const pod of [peer, bystander]) for (const port of [PORT, OTHER_PORT]) servers.push(await startEchoServer(pod, port));
    const dialer = await startDialer(target.netnsName);
    return {
      namespace,
      target,
      peer,
      bystander,
      dialer,
      close: () => {
        dialer.close();
        close();
      },
    };
  } catch (error) {
    close();
    throw error;
  }
}
