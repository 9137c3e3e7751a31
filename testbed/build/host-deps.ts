// Before a testbed start: scripts/install-host-deps.sh installs the host tools it can, or says what to run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { missingBuilds, testbedBuilds } from './component-builds.ts';
import { enforcerFromEnv } from '../enforcer.ts';
import { REPO_ROOT } from '../paths.ts';
import { K8S_VERSION } from '../versions.ts';

/** The one script .ci/run, `npm start` and `npm test` share. */
export const HOST_DEPS_SCRIPT = join(REPO_ROOT, 'scripts', 'install-host-deps.sh');

/** True when the host has (or now has) every tool the testbed needs; otherwise the script has printed what to run. */
export function ensureHostDeps(): boolean {
  // Go only builds the components: with all of them cached, a host without Go can still run the testbed.
  const needGo = missingBuilds(testbedBuilds(process.env.TESTBED_DATAPLANE !== 'host', enforcerFromEnv())).length > 0;
  const result = spawnSync('bash', [HOST_DEPS_SCRIPT, ...(needGo ? [] : ['--no-go'])], {
    stdio: ['ignore', 'inherit', 'inherit'],
    // The version whose kubectl the script names; an override (TESTBED_K8S_VERSION) included.
    env: { ...process.env, TESTBED_K8S_VERSION: K8S_VERSION },
  });
  return result.status === 0;
}
