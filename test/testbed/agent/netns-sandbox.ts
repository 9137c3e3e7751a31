// The dataplane sandbox: every pod gets its own network namespace (and pod IP) from the testbed dataplane,
// so kube-router enforces NetworkPolicies on its traffic. hostNetwork pods share the host network, as on a node.
import type { V1Pod } from '@kubernetes/client-node';
import type { Dataplane } from '../dataplane/index.ts';
import type { Sandbox, SandboxProvider } from './sandbox.ts';

/** One network namespace per pod via the dataplane; `ip netns exec` execs, so pid and process group are the container's. */
export class NetnsSandboxProvider implements SandboxProvider {
  constructor(
    private readonly dataplane: Dataplane,
    private readonly nodeIP: string,
  ) {}

  async prepare(pod: V1Pod): Promise<Sandbox> {
    if (pod.spec?.hostNetwork) return { podIP: this.nodeIP, wrap: (argv) => [...argv], release: async () => undefined };
    const network = await this.dataplane.addPod(pod);
    return { podIP: network.ip, wrap: (argv) => network.wrap(argv), release: () => this.dataplane.removePod(pod) };
  }
}
