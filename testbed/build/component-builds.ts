// The Go components the testbed builds into its version cache, and the estimate printed before a cold build.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { buildIfMissing, formatElapsed, type CachedBuild } from './build-cache.ts';
import { defaultKubeRouterBinary } from '../dataplane/index.ts';
import { calicoBinDir } from '../dataplane/felix.ts';
import { enforcerFromEnv, type Enforcer } from '../enforcer.ts';
import { COREDNS_BINARY, NATS_BINARY } from '../images.ts';
import { BIN_DIR, BUILD_SCRIPT, CACHE_DIR, GO_DIR } from '../paths.ts';
import { CALICO_MODULE_VERSION, CALICO_VERSION, COREDNS_VERSION, K8S_VERSION, KUBE_ROUTER_VERSION, NATS_VERSION } from '../versions.ts';

/** etcd and the Kubernetes control plane + kube-proxy, one script (they share one module graph). */
export const KUBERNETES_BUILD: CachedBuild = {
  what: 'Kubernetes (kube-apiserver, kube-controller-manager, kube-proxy, etcd)',
  // in the order build.sh builds them, so the progress line shows how far it got
  binaries: ['kube-apiserver', 'kube-controller-manager', 'kube-proxy', 'etcd'].map((b) => join(BIN_DIR, b)),
  script: BUILD_SCRIPT,
  args: [K8S_VERSION],
  coldMinutes: 6,
};

/** The demo app's NATS: pods of `nats` images run this binary. */
export const NATS_BUILD: CachedBuild = {
  what: 'nats-server',
  binaries: [NATS_BINARY],
  script: join(GO_DIR, 'nats', 'build-nats.sh'),
  args: [NATS_VERSION],
  coldMinutes: 1,
};

/** The NetworkPolicy enforcer; only the dataplane runs it. */
export const KUBE_ROUTER_BUILD: CachedBuild = {
  what: 'kube-router',
  binaries: [defaultKubeRouterBinary()],
  script: join(GO_DIR, 'kube-router', 'build.sh'),
  args: [KUBE_ROUTER_VERSION],
  coldMinutes: 4,
};

/**
 * Calico's Felix, the enforcer with `--enforcer calico`; the script also copies Calico's CRDs next to it. Measured cold:
 * 8.3 CPU-minutes plus ~1 min of downloads (40 min wall on a 2-core machine loaded ~10x by other work).
 */
export const CALICO_BUILD: CachedBuild = {
  what: 'Calico Felix',
  binaries: [join(calicoBinDir(), 'calico-felix')],
  script: join(GO_DIR, 'calico', 'build.sh'),
  args: [CALICO_VERSION, CALICO_MODULE_VERSION],
  coldMinutes: 6,
};

/** The build of the NetworkPolicy enforcer the dataplane runs. */
export function enforcerBuild(enforcer: Enforcer): CachedBuild {
  return enforcer === 'calico' ? CALICO_BUILD : KUBE_ROUTER_BUILD;
}

/** The cluster DNS; only the dataplane runs it (Services need kube-proxy in the node namespace). */
export const COREDNS_BUILD: CachedBuild = {
  what: 'CoreDNS',
  binaries: [COREDNS_BINARY],
  script: join(GO_DIR, 'coredns', 'build.sh'),
  args: [COREDNS_VERSION],
  coldMinutes: 2,
};

/** Measured: all of them from empty Go caches took ~10 min on 2 cores (they share module downloads). */
export const ALL_COLD_MINUTES = 10;

/** What a testbed start builds if missing: the dataplane's components (with its enforcer) only when the dataplane will run. */
export function testbedBuilds(dataplane: boolean, enforcer: Enforcer = 'kube-router'): CachedBuild[] {
  return dataplane ? [KUBERNETES_BUILD, NATS_BUILD, enforcerBuild(enforcer), COREDNS_BUILD] : [KUBERNETES_BUILD, NATS_BUILD];
}

/** The builds whose binaries are not all in the cache. */
export function missingBuilds(builds: readonly CachedBuild[]): CachedBuild[] {
  return builds.filter((b) => !b.binaries.every((bin) => existsSync(bin)));
}

/** The lines printed before a cold build starts (undefined when nothing is missing): what, how long, where. */
export function buildPlan(missing: readonly CachedBuild[], cores = availableParallelism()): string | undefined {
  if (missing.length === 0) return undefined;
  const minutes = Math.min(
    ALL_COLD_MINUTES,
    missing.reduce((sum, b) => sum + b.coldMinutes, 0),
  );
  return [
    `testbed components not built yet: ${missing.map((b) => b.what).join('; ')}`,
    `  first build from the Go module proxy: ~${minutes} min on 2 cores from empty Go caches (this machine has ${cores}); seconds when cached`,
    `  built once into ${join(CACHE_DIR, 'bin')}; progress every 30 s`,
  ].join('\n');
}

/** Builds every missing component in order after printing the plan; throws ComponentBuildError on the first failure. */
export async function buildAll(builds: readonly CachedBuild[], log: (line: string) => void): Promise<void> {
  const missing = missingBuilds(builds);
  const plan = buildPlan(missing);
  if (!plan) {
    log('testbed components: all built (cached)');
    return;
  }
  log(plan);
  const started = Date.now();
  for (const build of missing) await buildIfMissing(build, log);
  log(`testbed components ready in ${formatElapsed(Date.now() - started)}`);
}

/**
 * What `testbed build` does: builds the components `up` would build, without starting anything (CI builds and caches
 * them in a step of their own). The dataplane's parts unless TESTBED_DATAPLANE=host; the enforcer from TESTBED_ENFORCER.
 */
export function build(
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  options: { dataplane?: boolean; enforcer?: Enforcer } = {},
): Promise<void> {
  return buildAll(testbedBuilds(options.dataplane ?? process.env.TESTBED_DATAPLANE !== 'host', options.enforcer ?? enforcerFromEnv()), log);
}
