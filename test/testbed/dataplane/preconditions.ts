// Why the dataplane tests cannot run here, or false; under CI=true a missing precondition is a failure, not a skip.
import { existsSync } from 'node:fs';
import { defaultKubeRouterBinary } from '../../../testbed/dataplane/index.ts';
import { hostBlockers } from '../../../testbed/dataplane/mode.ts';

/** A loud skip reason, or false when root, `ip netns`, iptables, ipset, conntrack and the kube-router binary are all there. */
export function dataplaneSkipReason(): string | false {
  const missing = hostBlockers();
  if (!existsSync(defaultKubeRouterBinary())) missing.push(`no kube-router at ${defaultKubeRouterBinary()} (build it with: npm run testbed -- build)`);
  if (missing.length === 0) return false;
  const reason = `!!! DATAPLANE TESTS SKIPPED: ${missing.join('; ')}`;
  if (process.env.CI === 'true') throw new Error(`${reason} — CI=true requires them`);
  return reason;
}
