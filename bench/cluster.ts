// The cluster the benchmark runs against: the running testbed (started through its own code when absent).
import { createFaultEngine } from '../runner/faults/engine.ts';
import { connectKube, isConflict, isNotFound, type Kube } from '../runner/kube/client.ts';
import { up } from '../testbed/index.ts';

/** Kubeconfig of the testbed: NETPART_BENCH_KUBECONFIG / NETPART_TEST_KUBECONFIG, else the testbed (started if needed). */
export async function benchKubeconfig(log: (line: string) => void): Promise<string> {
  const given = process.env.NETPART_BENCH_KUBECONFIG ?? process.env.NETPART_TEST_KUBECONFIG;
  if (given) return given;
  const state = await up(log);
  return state.kubeconfig;
}

/** An admin client on the bench cluster. */
export const benchKube = (kubeconfig: string): Kube => connectKube({ kubeconfig });

/** Creates the namespace when missing (bench namespaces are reused across runs so seeding is paid once). */
export async function ensureNamespace(kube: Kube, name: string): Promise<void> {
  try {
    await kube.core.readNamespace({ name });
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    await kube.core.createNamespace({ body: { metadata: { name, labels: { 'netpart.dev/bench': 'true' } } } });
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
  for (let i = 0; i < 100; i++) {
    try {
      await kube.core.readNamespacedServiceAccount({ name: 'default', namespace: name });
      return;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Deletes every partition policy and target label left in a bench namespace (a failed run must not leak). */
export async function cleanNamespace(kube: Kube, namespace: string): Promise<void> {
  await createFaultEngine(kube, { namespaces: [namespace] }).sweep({ namespaces: [namespace], all: true });
}
