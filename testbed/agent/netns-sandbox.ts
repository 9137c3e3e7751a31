// The dataplane sandbox: every pod gets its own network namespace (and pod IP) from the testbed dataplane,
// so kube-router enforces NetworkPolicies on its traffic. hostNetwork pods share the NODE's network namespace, as
// on a real node: there live the enforcer's iptables rules and the conntrack table of every pod flow.
import type { V1Pod } from '@kubernetes/client-node';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataplane, NodeNetwork } from '../dataplane/index.ts';
import { inNetns } from '../dataplane/exec.ts';
import { podResolvConf, type ClusterDnsSettings } from './resolv-conf.ts';
import type { Sandbox, SandboxProvider } from './sandbox.ts';
import type { MountSpec } from './volumes.ts';

/** One network namespace per pod via the dataplane; `ip netns exec` execs, so pid and process group are the container's. */
export class NetnsSandboxProvider implements SandboxProvider {
  constructor(
    private readonly dataplane: Dataplane,
    /** The node's address and namespace; not the machine's root namespace, which a real node does not have. */
    private readonly node: Pick<NodeNetwork, 'nodeIP' | 'netnsName'>,
    /** Cluster DNS and where to keep each pod's resolv.conf; without it pods keep the host's resolver. */
    private readonly dns?: ClusterDnsSettings & { dir: string },
  ) {}

  async prepare(pod: V1Pod): Promise<Sandbox> {
    const resolv = this.writeResolvConf(pod);
    const mounts: MountSpec[] = resolv ? [{ source: resolv, target: '/etc/resolv.conf', readOnly: true }] : [];
    const forget = async () => {
      if (resolv) rmSync(resolv, { force: true });
    };
    if (pod.spec?.hostNetwork) return { podIP: this.node.nodeIP, mounts, wrap: (argv) => inNetns(this.node.netnsName, argv), release: forget };
    const network = await this.dataplane.addPod(pod);
    return {
      podIP: network.ip,
      mounts,
      wrap: (argv) => network.wrap(argv),
      release: async () => {
        await this.dataplane.removePod(pod);
        await forget();
      },
    };
  }

  // Like the kubelet: one file per pod, bound read-only over /etc/resolv.conf in each of its containers.
  private writeResolvConf(pod: V1Pod): string | undefined {
    if (!this.dns) return undefined;
    const content = podResolvConf(pod, this.dns);
    if (content === undefined) return undefined;
    mkdirSync(this.dns.dir, { recursive: true });
    const path = join(this.dns.dir, `${pod.metadata?.uid ?? pod.metadata?.name}.resolv.conf`);
    writeFileSync(path, content);
    return path;
  }
}
