// `testbed up` decides here whether pods get the dataplane (network namespaces + kube-router) or the host sandbox.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { DataplaneMode } from './agent/sandbox-choice.ts';
import { defaultKubeRouterBinary } from './dataplane/index.ts';
import { DEFAULT_LAYOUT, nodeIPOf } from './dataplane/layout.ts';
import { REPO_ROOT } from './paths.ts';
import { buildIfMissing, type CachedBuild } from './build-cache.ts';
import { COREDNS_BINARY } from './images.ts';

/** The node's InternalIP with the dataplane: what kube-router compares pods' status.hostIP with. */
export const DATAPLANE_NODE_IP = nodeIPOf(DEFAULT_LAYOUT);

/** The script that builds kube-router into the version cache. */
export const KUBE_ROUTER_BUILD_SCRIPT = join(REPO_ROOT, 'test', 'cluster', 'go', 'kube-router', 'build.sh');

/** The script that builds the testbed's cluster DNS (a minimal CoreDNS) into the version cache. */
export const COREDNS_BUILD_SCRIPT = join(REPO_ROOT, 'test', 'cluster', 'go', 'coredns', 'build.sh');

/** Raised under CI=true when the dataplane cannot run: CI must test real enforcement, never silently less. */
export class DataplaneUnavailableError extends Error {
  override name = 'DataplaneUnavailableError';
}

function works(argv: string[]): boolean {
  try {
    execFileSync(argv[0] as string, argv.slice(1), { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** What this host lacks for the dataplane (root, `ip netns`, iptables, ipset, conntrack); kube-router aside. */
export function hostBlockers(): string[] {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('not running as root (network namespaces and iptables need it)');
  if (!works(['ip', 'netns', 'list'])) missing.push('`ip netns` does not work (install iproute2)');
  for (const tool of ['iptables', 'ipset', 'conntrack']) if (!works(['sh', '-c', `command -v ${tool}`])) missing.push(`${tool} is not installed (apt-get install -y ${tool})`);
  return missing;
}

/** What keeps the dataplane from starting here; empty when nothing does. Builds kube-router and CoreDNS when missing. */
export function dataplaneBlockers(log: (line: string) => void): string[] {
  const missing = hostBlockers();
  if (missing.length > 0) return missing;
  const builds: CachedBuild[] = [
    { what: 'kube-router', binaries: [defaultKubeRouterBinary()], script: KUBE_ROUTER_BUILD_SCRIPT, coldTime: 'about 4 minutes' },
    { what: 'CoreDNS', binaries: [COREDNS_BINARY], script: COREDNS_BUILD_SCRIPT, coldTime: 'about 2 minutes' },
  ];
  for (const build of builds) {
    try {
      buildIfMissing(build, log);
    } catch (error) {
      missing.push((error as Error).message);
    }
  }
  return missing;
}

/** 'netns' when the dataplane can run; otherwise a loud warning and 'host', or an error under CI=true. TESTBED_DATAPLANE=host forces host. */
export function chooseDataplaneMode(log: (line: string) => void): DataplaneMode {
  // A bench/dev knob: a second testbed (own TESTBED_CACHE) must not share the netpart-* namespaces of the first.
  if (process.env.TESTBED_DATAPLANE === 'host') {
    log('TESTBED_DATAPLANE=host: host sandbox forced (NetworkPolicies NOT enforced), dataplane checks skipped');
    return 'host';
  }
  const blockers = dataplaneBlockers(log);
  if (blockers.length === 0) return 'netns';
  const reasons = blockers.map((b) => `  - ${b}`).join('\n');
  if (process.env.CI === 'true') throw new DataplaneUnavailableError(`the testbed dataplane cannot start and CI=true requires it:\n${reasons}`);
  const bar = '!'.repeat(100);
  log(`${bar}\n!!! TESTBED WITHOUT DATAPLANE: pods share the host network and NetworkPolicies are NOT enforced.\n!!! Partitions will be accepted by the apiserver but cut no traffic. Why:\n${reasons}\n${bar}`);
  return 'host';
}
