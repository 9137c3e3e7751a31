// Runs kube-router as a NetworkPolicy firewall only, inside the node namespace, against the testbed apiserver.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { startNodeProcess } from './node-process.ts';

/** Raised when the kube-router binary is missing or exits early. */
export class KubeRouterError extends Error {
  override name = 'KubeRouterError';
}

/** Writes a copy of `adminKubeconfig` whose server is `https://<host>:<port>`, still verifying the cert as 127.0.0.1. */
export function writeRelayKubeconfig(adminKubeconfig: string, out: string, host: string, port: number): void {
  const doc = parse(readFileSync(adminKubeconfig, 'utf8')) as { clusters?: Array<{ cluster: Record<string, unknown> }> };
  for (const entry of doc.clusters ?? []) {
    const original = new URL(String(entry.cluster.server));
    entry.cluster.server = `https://${host}:${port}`;
    // Go verifies an IP ServerName against IP SANs, so the existing 127.0.0.1 SAN keeps TLS verified.
    entry.cluster['tls-server-name'] = original.hostname;
  }
  writeFileSync(out, stringify(doc), { mode: 0o600 });
}

/** Starts kube-router in `netns` with its own process group; output goes to `<stateDir>/kube-router.log`. */
export function startKubeRouter(opts: { binary: string; netns: string; kubeconfig: string; nodeName: string; stateDir: string }): ChildProcess {
  if (!existsSync(opts.binary)) {
    throw new KubeRouterError(`kube-router not found at ${opts.binary}; build it with: npm run testbed -- build`);
  }
  const argv = [
    opts.binary,
    '--run-firewall=true',
    '--run-router=false',
    '--run-service-proxy=false',
    '--enable-ipv6=false',
    `--kubeconfig=${opts.kubeconfig}`,
    `--hostname-override=${opts.nodeName}`,
    '--health-port=0',
    // Policy/pod events trigger a sync at once; the periodic full sync is only a safety net.
    '--iptables-sync-period=1m',
  ];
  return startNodeProcess('kube-router', opts.netns, argv, opts.stateDir);
}
