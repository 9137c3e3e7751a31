// Why `npm start` must not run here: without the dataplane a partition cuts nothing, so the demo would prove nothing.
import { hostBlockers } from '../testbed/index.ts';

/** The refusal (reason and fix) when the demo cannot get the dataplane on this host; undefined when it can. */
export function demoRefusal(blockers: readonly string[] = hostBlockers(), env: NodeJS.ProcessEnv = process.env): string | undefined {
  const reasons = env.TESTBED_DATAPLANE === 'host' ? ['TESTBED_DATAPLANE=host forces the host sandbox: unset it'] : [...blockers];
  if (reasons.length === 0) return undefined;
  return [
    'npm start needs the testbed dataplane (a network namespace per pod, kube-router enforcing NetworkPolicies).',
    'Without it a partition cuts no traffic and the scenario would prove nothing, so the demo does not run. Why:',
    ...reasons.map((r) => `  - ${r}`),
    'Fix the above (as root, scripts/install-host-deps.sh installs the packages), then run `npm start` again.',
    'Unit tests need none of this: `npm run test:unit`.',
  ].join('\n');
}
