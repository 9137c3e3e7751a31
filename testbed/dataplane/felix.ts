// Runs Calico's Felix (iptables dataplane, Kubernetes datastore) as the NetworkPolicy enforcer inside the node namespace.
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR } from '../paths.ts';
import { CALICO_VERSION } from '../versions.ts';
import { inNetns, run } from './exec.ts';
import { startNodeProcess } from './node-process.ts';

/** Where testbed/go/calico/build.sh puts calico-felix and the crd.projectcalico.org CRDs of the same commit. */
export function calicoBinDir(cacheDir = CACHE_DIR): string {
  return join(cacheDir, 'bin', `calico-${CALICO_VERSION}`);
}

/** Raised when the Felix binary is missing. */
export class FelixError extends Error {
  override name = 'FelixError';
}

/**
 * The host-side interface name Felix expects for a pod: `cali` + the first 11 hex chars of sha1("<namespace>.<name>").
 * It is how libcalico-go names a pod's WorkloadEndpoint interface (VethNameForWorkload); Felix polices only interfaces
 * with its prefix and matches each to its endpoint by this name, so the dataplane must use exactly it.
 */
export function calicoVethName(namespace: string, podName: string): string {
  return `cali${createHash('sha1').update(`${namespace}.${podName}`).digest('hex').slice(0, 11)}`;
}

/**
 * Felix's settings as environment (env beats the FelixConfiguration resource): Kubernetes datastore through the relay
 * kubeconfig, iptables dataplane (BPF and XDP off), no usage reporting (it would call out of the machine), health on the
 * node namespace's loopback, and workload→host traffic accepted (hostNetwork pods and DNS live on the node, as
 * calico-node's manifests set it). Device routes to pods keep the node IP as source, as the testbed's own routes do.
 */
export function felixEnv(opts: { kubeconfig: string; nodeName: string; nodeIP: string }): Record<string, string> {
  return {
    FELIX_DATASTORETYPE: 'kubernetes',
    KUBECONFIG: opts.kubeconfig,
    FELIX_FELIXHOSTNAME: opts.nodeName,
    FELIX_BPFENABLED: 'false',
    FELIX_XDPENABLED: 'false',
    FELIX_IPV6SUPPORT: 'false',
    FELIX_IPTABLESBACKEND: iptablesBackend(),
    FELIX_USAGEREPORTINGENABLED: 'false',
    FELIX_HEALTHENABLED: 'true',
    FELIX_HEALTHHOST: '127.0.0.1',
    FELIX_DEFAULTENDPOINTTOHOSTACTION: 'ACCEPT',
    FELIX_DEVICEROUTESOURCEADDRESS: opts.nodeIP,
    FELIX_LOGSEVERITYSCREEN: 'info',
    FELIX_LOGFILEPATH: 'none',
    FELIX_LOGSEVERITYSYS: 'none',
  };
}

/**
 * The backend of the host's `iptables` command, which kube-proxy uses: Felix must write to the same one, and its own
 * detection ("auto") would pick legacy in a node namespace that has no rules yet.
 */
export function iptablesBackend(): 'nft' | 'legacy' {
  try {
    return realpathSync('/usr/sbin/iptables').includes('legacy') ? 'legacy' : 'nft';
  } catch {
    return 'nft';
  }
}

/** Starts calico-felix in `netns` with its own process group; output goes to `<stateDir>/felix.log`. */
export function startFelix(opts: { binary?: string; netns: string; kubeconfig: string; nodeName: string; nodeIP: string; stateDir: string }): ChildProcess {
  const binary = opts.binary ?? join(calicoBinDir(), 'calico-felix');
  if (!existsSync(binary)) throw new FelixError(`calico-felix not found at ${binary}; build it with: npm run testbed -- build --enforcer calico`);
  return startNodeProcess('felix', opts.netns, [binary], opts.stateDir, felixEnv(opts));
}

/**
 * Waits until Felix has programmed its iptables chains in `netns` (cali-FORWARD), so a testbed reported ready is
 * enforcing; throws FelixError naming its log when Felix exits or the time runs out.
 */
export async function waitForFelixRules(felix: ChildProcess, netns: string, log: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (felix.exitCode !== null || felix.signalCode !== null)
      throw new FelixError(`calico-felix exited (${felix.exitCode ?? felix.signalCode}) before programming its rules; see ${log}`);
    const rules = await run(inNetns(netns, [`iptables-${iptablesBackend()}-save`, '-t', 'filter'])).catch(() => '');
    if (rules.includes(':cali-FORWARD')) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new FelixError(`calico-felix programmed no cali-FORWARD chain in ${netns} within ${timeoutMs} ms; see ${log}`);
}
