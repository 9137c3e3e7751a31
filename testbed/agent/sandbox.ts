// The pod sandbox step: what a pod's processes run inside. Today a fake IP on the host network; the
// dataplane (issue 4) plugs in a network namespace per pod behind the same interface.
import type { V1Pod } from '@kubernetes/client-node';
import { IpAllocator } from './ips.ts';
import type { MountSpec } from './volumes.ts';

/** A prepared sandbox for one pod. */
export interface Sandbox {
  podIP: string;
  /** Wraps a container argv so it runs inside the sandbox (e.g. `ip netns exec <ns> …`). */
  wrap(argv: readonly string[]): string[];
  /** Files the sandbox binds into every container of the pod (the pod's /etc/resolv.conf). */
  mounts?: readonly MountSpec[];
  /** Frees what prepare() took; called once after every container of the pod has stopped. */
  release(): Promise<void>;
}

/** Creates sandboxes; the agent holds exactly one provider. */
export interface SandboxProvider {
  prepare(pod: V1Pod): Promise<Sandbox>;
}

/** No isolation: processes share the host network; the pod IP is only a unique string in status (never dialled). */
export class HostSandboxProvider implements SandboxProvider {
  constructor(private readonly ips: IpAllocator) {}

  async prepare(pod: V1Pod): Promise<Sandbox> {
    const podIP = this.ips.allocate(pod.metadata?.uid ?? '');
    return {
      podIP,
      wrap: (argv) => [...argv],
      release: async () => this.ips.release(pod.metadata?.uid ?? ''),
    };
  }
}
