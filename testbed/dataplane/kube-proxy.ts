// Runs the real kube-proxy (iptables mode) inside the node namespace, so ClusterIP Services — cluster DNS among them — route.
import type { ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { BIN_DIR } from '../paths.ts';
import { startNodeProcess } from './node-process.ts';

/** Where testbed/go/build.sh puts kube-proxy (same Kubernetes version as the apiserver). */
export const KUBE_PROXY_BINARY = join(BIN_DIR, 'kube-proxy');

/** Raised when the kube-proxy binary is missing. */
export class KubeProxyError extends Error {
  override name = 'KubeProxyError';
}

/**
 * The KubeProxyConfiguration for the node namespace. Conntrack sizes and timeouts are 0 ("leave the kernel's"),
 * because those sysctls are global, not per network namespace, and the testbed must not change the host. No
 * clusterCIDR: without it kube-proxy masquerades nothing, so kube-router still sees real pod source IPs.
 */
export function kubeProxyConfig(opts: { kubeconfig: string; nodeName: string }): Record<string, unknown> {
  return {
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    clientConnection: { kubeconfig: opts.kubeconfig },
    hostnameOverride: opts.nodeName,
    mode: 'iptables',
    iptables: { localhostNodePorts: false, syncPeriod: '30s', minSyncPeriod: '0s' },
    conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: '0s', tcpCloseWaitTimeout: '0s', udpTimeout: '0s', udpStreamTimeout: '0s' },
    oomScoreAdj: 0,
  };
}

/** Writes the config and starts kube-proxy in `netns`; output goes to `<stateDir>/kube-proxy.log`. */
export function startKubeProxy(opts: { binary?: string; netns: string; kubeconfig: string; nodeName: string; stateDir: string }): ChildProcess {
  const binary = opts.binary ?? KUBE_PROXY_BINARY;
  if (!existsSync(binary)) throw new KubeProxyError(`kube-proxy not found at ${binary}; build it with: npm run testbed -- build`);
  const config = join(opts.stateDir, 'kube-proxy.yaml');
  writeFileSync(config, stringify(kubeProxyConfig(opts)));
  return startNodeProcess('kube-proxy', opts.netns, [binary, `--config=${config}`], opts.stateDir);
}
