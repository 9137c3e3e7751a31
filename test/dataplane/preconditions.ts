// Why the dataplane tests cannot run here, or false; under CI=true a missing precondition is a failure, not a skip.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { defaultKubeRouterBinary } from '../testbed/dataplane/index.ts';

function commandWorks(argv: string[]): boolean {
  try {
    execFileSync(argv[0]!, argv.slice(1), { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A loud skip reason, or false when root, `ip netns`, iptables, conntrack and the kube-router binary are all there. */
export function dataplaneSkipReason(): string | false {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('not root');
  if (!commandWorks(['ip', 'netns', 'list'])) missing.push('`ip netns` does not work');
  for (const tool of ['iptables', 'ipset', 'conntrack']) if (!commandWorks(['sh', '-c', `command -v ${tool}`])) missing.push(`${tool} not installed`);
  if (!existsSync(defaultKubeRouterBinary())) missing.push(`no kube-router at ${defaultKubeRouterBinary()} (run test/cluster/go/kube-router/build.sh)`);
  if (missing.length === 0) return false;
  const reason = `!!! DATAPLANE TESTS SKIPPED: ${missing.join('; ')}`;
  if (process.env.CI === 'true') throw new Error(`${reason} — CI=true requires them`);
  return reason;
}
