// `testbed up` decides here whether pods get the dataplane (network namespaces + kube-router) or the host sandbox.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataplaneMode } from '../agent/sandbox-choice.ts';
import { TESTBED_LAYOUT, nodeIPOf } from './layout.ts';
import { enforcerFromEnv } from '../enforcer.ts';
import { buildIfMissing } from '../build/build-cache.ts';
import { COREDNS_BUILD, enforcerBuild } from '../build/component-builds.ts';

/** The node's InternalIP with the dataplane: what kube-router compares pods' status.hostIP with (per TESTBED_INSTANCE). */
export const DATAPLANE_NODE_IP = nodeIPOf(TESTBED_LAYOUT);

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

// A user's PATH often lacks the sbin dirs; the testbed runs these tools as root, whose PATH has them.
function installed(tool: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin', '/sbin'];
  return dirs.map((dir) => join(dir, tool)).find((path) => existsSync(path));
}

/** What this host lacks for the dataplane (root, `ip netns`, iptables, ipset, conntrack); kube-router aside. */
export function hostBlockers(): string[] {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('not running as root (network namespaces and iptables need it): run it as root, e.g. with sudo');
  const ip = installed('ip');
  if (!ip) missing.push('`ip` is not installed (apt-get install -y iproute2)');
  // iproute2 present but `ip netns` refused: an unprivileged container or a kernel without network namespaces
  else if (!works([ip, 'netns', 'list']))
    missing.push('`ip netns list` fails: this host does not allow network namespaces (use a VM or a privileged container)');
  for (const tool of ['iptables', 'ipset', 'conntrack']) if (!installed(tool)) missing.push(`${tool} is not installed (apt-get install -y ${tool})`);
  return missing;
}

/** What keeps the dataplane from starting here; empty when nothing does. Builds the enforcer (TESTBED_ENFORCER) and CoreDNS when missing. */
export async function dataplaneBlockers(log: (line: string) => void): Promise<string[]> {
  const missing = hostBlockers();
  if (missing.length > 0) return missing;
  for (const build of [enforcerBuild(enforcerFromEnv()), COREDNS_BUILD]) {
    try {
      await buildIfMissing(build, log);
    } catch (error) {
      missing.push((error as Error).message);
    }
  }
  return missing;
}

/** Whether the caller can live without the dataplane: `required` (the demo) and CI=true cannot. */
export interface DataplaneRequirement {
  required?: boolean;
}

/**
 * 'netns' when the dataplane can run; otherwise a loud warning and 'host', or DataplaneUnavailableError when it is
 * required (CI=true, or `required`). TESTBED_DATAPLANE=host forces host, unless it is required.
 */
export async function chooseDataplaneMode(log: (line: string) => void, requirement: DataplaneRequirement = {}): Promise<DataplaneMode> {
  const requiredBy = requirement.required ? 'this command' : process.env.CI === 'true' ? 'CI=true' : undefined;
  // A bench/dev knob: a second testbed (own TESTBED_CACHE) must not share the netpart-* namespaces of the first.
  if (process.env.TESTBED_DATAPLANE === 'host') {
    if (requirement.required)
      throw new DataplaneUnavailableError('TESTBED_DATAPLANE=host forces the host sandbox, but this command requires the dataplane: unset TESTBED_DATAPLANE');
    log('TESTBED_DATAPLANE=host: host sandbox forced (NetworkPolicies NOT enforced), dataplane checks skipped');
    return 'host';
  }
  const blockers = await dataplaneBlockers(log);
  if (blockers.length === 0) return 'netns';
  const reasons = blockers.map((b) => `  - ${b}`).join('\n');
  if (requiredBy) throw new DataplaneUnavailableError(`the testbed dataplane cannot start and ${requiredBy} requires it:\n${reasons}`);
  const bar = '!'.repeat(100);
  log(
    `${bar}\n!!! TESTBED WITHOUT DATAPLANE: pods share the host network and NetworkPolicies are NOT enforced.\n!!! Partitions will be accepted by the apiserver but cut no traffic. Why:\n${reasons}\n${bar}`,
  );
  return 'host';
}
