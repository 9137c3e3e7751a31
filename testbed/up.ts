// `testbed up`: build if needed, start etcd, apiserver, controller-manager and the node agent, wait until usable.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { apiServerArgv, controllerManagerArgv, etcdArgv, type ComponentLayout } from './cluster/components.ts';
import { writeKubeconfig } from './cluster/kubeconfig.ts';
import { buildIfMissing } from './build/build-cache.ts';
import { buildPlan, KUBERNETES_BUILD, missingBuilds, NATS_BUILD, testbedBuilds } from './build/component-builds.ts';
import { connectKube } from '../runner/kube/client.ts';
import { deployClusterDns } from './cluster/dns.ts';
import { AGENT_MAIN, CACHE_DIR } from './paths.ts';
import { chooseDataplaneMode, DATAPLANE_NODE_IP, DataplaneUnavailableError, hostBlockers, type DataplaneRequirement } from './dataplane/mode.ts';
import { cleanupDataplane } from './dataplane/cleanup.ts';
import { type Enforcer, EnforcerConfigError, enforcerFromEnv } from './enforcer.ts';
import { createPki } from './cluster/pki.ts';
import { freePort, startDetached, stopProcesses } from './processes.ts';
import { apiGet, testbedKubeconfigReady, waitUntil } from './cluster/readiness.ts';
import { withTestbedLock } from './lock.ts';
import { isAlive, readState, writeState, type ManagedProcess, type TestbedState } from './state.ts';

/** True when the recorded testbed still has all its processes and answers /readyz. */
export async function isHealthy(state: TestbedState): Promise<boolean> {
  return state.processes.every((p) => isAlive(p.pid)) && (await testbedKubeconfigReady(state.kubeconfig));
}

async function ensureBinaries(log: (line: string) => void, enforcer: Enforcer): Promise<void> {
  // The estimate comes first, for everything this start will build (the dataplane's parts only if it can run).
  const dataplaneLikely = process.env.TESTBED_DATAPLANE !== 'host' && hostBlockers().length === 0;
  const plan = buildPlan(missingBuilds(testbedBuilds(dataplaneLikely, enforcer)));
  if (plan) log(plan);
  await buildIfMissing(KUBERNETES_BUILD, log);
  // Pods of the `nats` image (the demo app) run this binary; without it they would crash-loop.
  await buildIfMissing(NATS_BUILD, log);
}

/**
 * Starts a fresh testbed (or reuses a healthy running one) and returns its state. With `required`, a testbed
 * without the dataplane is an error (DataplaneUnavailableError), never a fallback; a running one is checked too.
 */
export function up(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`), dataplane: DataplaneRequirement = {}): Promise<TestbedState> {
  return withTestbedLock(() => startOrReuse(log, dataplane));
}

async function startOrReuse(log: (line: string) => void, requirement: DataplaneRequirement): Promise<TestbedState> {
  const enforcer = enforcerFromEnv();
  const previous = readState();
  if (previous && (await isHealthy(previous))) {
    const running = previous.enforcer ?? 'kube-router';
    const enforcement = previous.dataplane === 'netns' ? `dataplane: netns + ${running}` : '!!! dataplane: host — NetworkPolicies NOT enforced';
    log(`testbed already running (${previous.apiServer}, ${enforcement}); reusing it`);
    if (requirement.required && previous.dataplane !== 'netns') {
      throw new DataplaneUnavailableError(
        'the running testbed has no dataplane (NetworkPolicies are not enforced) and this command requires it: stop it with `npm run testbed -- down` and retry',
      );
    }
    // Only an explicit choice is checked: `npm test` with no TESTBED_ENFORCER runs on whichever testbed is up.
    if (process.env.TESTBED_ENFORCER && previous.dataplane === 'netns' && running !== enforcer) {
      throw new EnforcerConfigError(
        `the running testbed enforces with ${running}, not ${enforcer}: stop it with \`npm run testbed -- down\` or start another beside it (own TESTBED_CACHE and TESTBED_INSTANCE)`,
      );
    }
    return previous;
  }
  if (previous) {
    log('stale testbed state found; stopping its leftovers');
    const { stopRecorded } = await import('./down.ts');
    await stopRecorded(log);
  }
  await ensureBinaries(log, enforcer);
  const dataplane = await chooseDataplaneMode(log, requirement);
  mkdirSync(CACHE_DIR, { recursive: true });
  // A testbed that crashed without `down` may have left namespaces (and processes in them) behind.
  if (dataplane === 'netns') await cleanupDataplane();
  const dir = mkdtempSync(join(CACHE_DIR, 'run-'));
  const pki = createPki(dir);
  const ports = { etcd: await freePort(), etcdPeer: await freePort(), apiServer: await freePort(), kubelet: await freePort() };
  const apiServer = `https://127.0.0.1:${ports.apiServer}`;
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, apiServer, pki.caCert, pki.adminToken);
  const layout: ComponentLayout = { dir, pki, kubeconfig, ports };
  const agentLogsDir = join(dir, 'pods');
  const processes: ManagedProcess[] = [];
  const state: TestbedState = {
    dir,
    kubeconfig,
    apiServer,
    ports,
    processes,
    startedAt: new Date().toISOString(),
    agentLogsDir,
    dataplane,
    ...(dataplane === 'netns' ? { enforcer } : {}),
  };
  const start = (name: string, argv: string[], env?: NodeJS.ProcessEnv) => {
    const p = startDetached(name, argv, join(dir, `${name}.log`), env);
    processes.push(p);
    writeState(state); // record each pid at once so `down` can stop a half-started testbed
    return p;
  };
  try {
    const etcd = start('etcd', etcdArgv(layout));
    const api = start('kube-apiserver', apiServerArgv(layout));
    await waitUntil('kube-apiserver /readyz', async () => (await apiGet(apiServer, pki.caCert, pki.adminToken, '/readyz')) === 200, [etcd, api], 60_000);
    const kcm = start('kube-controller-manager', controllerManagerArgv(layout));
    const agentEnv = {
      ...process.env,
      KUBECONFIG: kubeconfig,
      TESTBED_DIR: dir,
      TESTBED_KUBELET_PORT: String(ports.kubelet),
      TESTBED_DATAPLANE: dataplane,
      TESTBED_ENFORCER: enforcer,
      // With the dataplane, kube-router treats pods as local when status.hostIP is the node IP in the node namespace.
      ...(dataplane === 'netns' ? { TESTBED_NODE_IP: DATAPLANE_NODE_IP } : {}),
    };
    const agent = start('node-agent', [process.execPath, '--import', 'tsx', AGENT_MAIN], agentEnv);
    await waitUntil(
      'the default ServiceAccount in namespace default',
      async () => (await apiGet(apiServer, pki.caCert, pki.adminToken, '/api/v1/namespaces/default/serviceaccounts/default')) === 200,
      [etcd, api, kcm, agent],
      60_000,
    );
    await waitUntil(
      'node testbed-node',
      async () => (await apiGet(apiServer, pki.caCert, pki.adminToken, '/api/v1/nodes/testbed-node')) === 200,
      [agent],
      30_000,
    );
    await waitUntil(`the node agent's ${dataplane} sandbox`, async () => existsSync(join(dir, 'agent-ready')), [agent], 30_000);
    // Services and DNS need kube-proxy, which runs in the node namespace: only the dataplane has them.
    if (dataplane === 'netns') await deployClusterDns(connectKube({ kubeconfig }));
    return state;
  } catch (error) {
    await stopProcesses(processes);
    if (dataplane === 'netns') await cleanupDataplane();
    throw error;
  }
}
