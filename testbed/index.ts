// The testbed's programmatic API, its one entry point: test/, scripts/ and bench/ import from here and nowhere else in
// testbed/ (eslint no-restricted-imports enforces it; runner/ imports nothing from the testbed). What it is: README.md.

// Lifecycle: start (or reuse), stop, build, status, and the environment that points clients at it.
export { isHealthy, up } from './up.ts';
export { down } from './down.ts';
export { build, testbedBuilds } from './build/component-builds.ts';
export { env, exportLines, formatStatus, status, type TestbedStatus } from './status.ts';
export { readState, type TestbedState } from './state.ts';
export { ensureHostDeps } from './build/host-deps.ts';
export { testbedKubeconfigReady } from './cluster/readiness.ts';

// Where things are, and what it runs.
export { CACHE_DIR, REPO_ROOT, STATE_FILE } from './paths.ts';
export * from './versions.ts';
export { ENFORCERS, enforcerFromEnv, EnforcerConfigError, type Enforcer } from './enforcer.ts';
export { DataplaneUnavailableError, hostBlockers } from './dataplane/mode.ts';
export { CLUSTER_DNS_IP } from './cluster/network.ts';

// The pod network, for tests and benchmarks that act inside it.
export { layoutForInstance, namesOf, TESTBED_LAYOUT, uid8Of } from './dataplane/layout.ts';
export { inNetns, run, runQuietly } from './dataplane/exec.ts';
export { holdConnection, probeDns, probeTcp, startEchoServer, type HeldConnection } from './dataplane/net-probe.ts';

// Workloads on the testbed: pods, the demo app, the reachability check, the established-connection RBAC.
export { createRunningPods, dynamoPods, idlePod, POD_START_TIMEOUT_MS } from './workloads/pods.ts';
export { deployDemoApp, runInclusterArgv, waitForHealthyFrontend, type DemoApp } from './workloads/demo-app.ts';
export { checkReachability, formatReachability } from './workloads/reachability.ts';
export { HELPER_NAMESPACE, installEstablishedRbac } from './workloads/established-rbac.ts';
export { createAll } from './workloads/objects.ts';

// Building blocks other tools reuse: the Go build cache, a PKI, free ports, polling.
export { buildIfMissing, type CachedBuild } from './build/build-cache.ts';
export { createPki, type Pki } from './cluster/pki.ts';
export { freePort } from './processes.ts';
export { CONVERGE_TIMEOUT_MS, WaitTimeoutError, waitFor } from './wait.ts';
