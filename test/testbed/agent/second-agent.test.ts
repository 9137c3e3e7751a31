// The node agent's code as it is now, run as a second agent for another node beside the testbed's own (host sandbox,
// TESTBED_SCHEDULER=off): it runs its node's pods as the kubelet would — IP, hostNetwork, activeDeadlineSeconds,
// ephemeral containers, graceful and forced deletion — and leaves every other pod alone.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CoordinationV1Api, type V1Pod } from '@kubernetes/client-node';
import { isNotFound, type Kube } from '../../../runner/kube/client.ts';
import { clusterSuite, waitFor } from '../../support/cluster.ts';
import { freePort } from '../../../testbed/processes.ts';
import { AGENT_MAIN, NODE_NAME } from '../../../testbed/paths.ts';
import { readState } from '../../../testbed/state.ts';

const c = clusterSuite();
const TOOLS = 'ghcr.io/netpart/tools:0.1.0';
const node = `second-agent-${randomBytes(3).toString('hex')}`;

// The agent's log endpoint serves TLS with the testbed's kubelet certificate; without the testbed's run dir there is none.
function skipReason(): string | false {
  if (c.skip) return c.skip;
  const state = readState();
  return state?.kubeconfig === process.env.NETPART_TEST_KUBECONFIG
    ? false
    : 'not the local testbed (its run dir holds the kubelet certificate): second-agent test SKIPPED';
}

const pod = (name: string, script: string, spec: Partial<NonNullable<V1Pod['spec']>> = {}): V1Pod => ({
  metadata: { name },
  spec: {
    nodeName: node,
    terminationGracePeriodSeconds: 2,
    automountServiceAccountToken: false,
    containers: [{ name: 'main', image: TOOLS, command: ['sh', '-c', script] }],
    ...spec,
  },
});

const processWith = (marker: string): boolean =>
  readdirSync('/proc').some((entry) => {
    try {
      return /^\d+$/.test(entry) && readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(marker);
    } catch {
      return false;
    }
  });

describe('a second node agent beside the testbed’s own', { skip: skipReason(), timeout: 180_000 }, () => {
  let agent: ChildProcess | undefined;
  let kube: Kube;
  let ns: string;
  let dir: string;
  const read = (name: string) =>
    kube.core.readNamespacedPod({ name, namespace: ns }).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));

  before(async () => {
    const cluster = c.get();
    kube = cluster.kube;
    ns = await cluster.newNamespace('second-agent');
    const testbedDir = readState()!.dir;
    dir = mkdtempSync(join(tmpdir(), 'second-agent-'));
    for (const f of ['kubelet.crt', 'kubelet.key']) copyFileSync(join(testbedDir, f), join(dir, f));
    const env = {
      ...process.env,
      KUBECONFIG: cluster.kubeconfigPath,
      TESTBED_DIR: dir,
      TESTBED_KUBELET_PORT: String(await freePort()),
      TESTBED_DATAPLANE: 'host',
      TESTBED_NODE_NAME: node,
      TESTBED_SCHEDULER: 'off',
      LOG_LEVEL: 'error',
    };
    agent = spawn(process.execPath, ['--import', 'tsx', AGENT_MAIN], { env, stdio: 'inherit' });
    await waitFor('the second agent ready', async () => readdirSync(dir).includes('agent-ready'), 60_000);
  });

  after(async () => {
    if (agent?.exitCode === null) {
      const exited = new Promise((r) => agent!.once('exit', r));
      agent.kill('SIGTERM');
      await exited;
    }
    await kube.core.deleteNode({ name: node }).catch(() => undefined);
    await kube.config
      .makeApiClient(CoordinationV1Api)
      .deleteNamespacedLease({ name: node, namespace: 'kube-node-lease' })
      .catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  test('runs its pods: IP, hostNetwork, activeDeadlineSeconds, ephemeral containers', async () => {
    await kube.core.createNamespacedPod({ namespace: ns, body: pod('run', 'sleep 3600') });
    await kube.core.createNamespacedPod({ namespace: ns, body: pod('hostnet', 'echo hi', { hostNetwork: true, restartPolicy: 'Never' }) });
    await kube.core.createNamespacedPod({ namespace: ns, body: pod('deadline', 'sleep 3600', { activeDeadlineSeconds: 3 }) });
    const running = await waitFor('pod run Running with an IP', async () => {
      const p = await read('run');
      return p?.status?.phase === 'Running' && p.status.podIP && p.status.containerStatuses?.[0]?.state?.running ? p : undefined;
    });
    assert.match(running.status?.podIP ?? '', /^10\.244\./);
    await waitFor('hostNetwork pod Succeeded', async () => (await read('hostnet'))?.status?.phase === 'Succeeded');
    const ended = await waitFor('deadline pod Failed', async () => {
      const p = await read('deadline');
      return p?.status?.phase === 'Failed' ? p : undefined;
    });
    assert.equal(ended.status?.reason, 'DeadlineExceeded');

    const current = (await read('run'))!;
    current.spec!.ephemeralContainers = [{ name: 'debug', image: TOOLS, command: ['sh', '-c', 'sleep 600'] }];
    await kube.core.replaceNamespacedPodEphemeralcontainers({ name: 'run', namespace: ns, body: current });
    await waitFor('the ephemeral container running', async () => (await read('run'))?.status?.ephemeralContainerStatuses?.[0]?.state?.running);
    await kube.core.deleteNamespacedPod({ name: 'run', namespace: ns });
    await waitFor('pod run stopped and deleted by the agent', async () => (await read('run')) === undefined, 30_000);
  });

  test('a pod force-deleted while running has its processes killed', async () => {
    const marker = `sleep ${randomInt(400_000, 900_000)}`;
    await kube.core.createNamespacedPod({ namespace: ns, body: pod('forced', marker) });
    await waitFor('the forced pod’s process', async () => processWith(marker));
    await kube.core.deleteNamespacedPod({ name: 'forced', namespace: ns, gracePeriodSeconds: 0 });
    await waitFor('the process gone', async () => !processWith(marker), 30_000);
  });

  test('leaves other pods alone: an unscheduled pod is bound by the testbed’s agent, not this one', async () => {
    await kube.core.createNamespacedPod({
      namespace: ns,
      body: { ...pod('unscheduled', 'sleep 3600'), spec: { ...pod('x', 'sleep 3600').spec!, nodeName: undefined } },
    });
    const bound = await waitFor('the pod bound', async () => (await read('unscheduled'))?.spec?.nodeName);
    assert.equal(bound, NODE_NAME);
  });
});
