// Ephemeral containers on the testbed, as a kubelet runs them: added to a running pod through the
// pods/ephemeralcontainers subresource, started once in the pod's own network namespace, reported in
// status.ephemeralContainerStatuses, killed with the pod; and refused by PodSecurity "baseline" when they add NET_ADMIN.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1ContainerStatus, V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import { kubeErrorMessage, statusCode, type Kube } from '../../runner/kube/client.ts';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { readState } from '../../testbed/state.ts';

const c = clusterSuite();
const TOOLS = 'ghcr.io/netpart/tools:0.1.0';
// What the fault engine's cutter asks for: root with only NET_ADMIN, no escalation, read-only root.
const CUTTER_CONTEXT = {
  runAsUser: 0,
  runAsNonRoot: false,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] },
  readOnlyRootFilesystem: true,
};

// The pod-IP assertion needs a network namespace per pod; the host sandbox shares the host network.
function dataplaneSkip(): string | false {
  if (c.skip) return c.skip;
  const state = readState();
  if (state?.dataplane === 'netns' || state?.kubeconfig !== process.env.NETPART_TEST_KUBECONFIG) return false;
  const reason = '!!! TESTBED WITHOUT DATAPLANE (host sandbox): ephemeral-container network tests SKIPPED';
  if (process.env.CI === 'true') throw new Error(`${reason} — CI=true requires the dataplane`);
  return reason;
}

const idlePod = (name: string): V1Pod => ({
  metadata: { name },
  spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10' }] },
});

const cutter = (name: string, script: string, env: Record<string, string> = {}): V1EphemeralContainer => ({
  name,
  image: TOOLS,
  command: ['sh', '-c', script],
  env: Object.entries(env).map(([n, value]) => ({ name: n, value })),
  securityContext: CUTTER_CONTEXT,
  terminationMessagePath: '/dev/termination-log',
});

/** Appends an ephemeral container the way the fault engine does (read, append, replace the subresource). */
async function addEphemeral(kube: Kube, namespace: string, name: string, container: V1EphemeralContainer): Promise<V1Pod> {
  const pod = await kube.core.readNamespacedPod({ name, namespace });
  const spec = pod.spec ?? { containers: [] };
  spec.ephemeralContainers = [...(spec.ephemeralContainers ?? []), container];
  return kube.core.replaceNamespacedPodEphemeralcontainers({ name, namespace, body: { ...pod, spec } });
}

async function ephemeralStatus(kube: Kube, namespace: string, pod: string, container: string): Promise<V1ContainerStatus | undefined> {
  return (await kube.core.readNamespacedPod({ name: pod, namespace })).status?.ephemeralContainerStatuses?.find((s) => s.name === container);
}

const terminated = (kube: Kube, ns: string, pod: string, container: string) =>
  waitFor(`ephemeral container ${container} terminated`, async () => {
    const s = await ephemeralStatus(kube, ns, pod, container);
    return s?.state?.terminated ? s : undefined;
  });

describe('ephemeral containers on the testbed', { skip: dataplaneSkip(), timeout: 120_000 }, () => {
  test('run once in the pod network namespace, report their status and logs; a later one runs too, the first is not re-run', async () => {
    const { kube, newNamespace } = c.get();
    const ns = await newNamespace('ephemeral');
    await kube.core.createNamespacedPod({ namespace: ns, body: idlePod('target') });
    const target = await waitFor('target Running with a pod IP', async () => {
      const pod = await kube.core.readNamespacedPod({ name: 'target', namespace: ns });
      return pod.status?.phase === 'Running' && pod.status.podIP ? pod : undefined;
    });
    const podIP = target.status?.podIP as string;

    await addEphemeral(kube, ns, 'target', cutter('cut-1', 'echo ran-cut-1; ip -4 -o addr show eth0 > /dev/termination-log'));
    const first = await terminated(kube, ns, 'target', 'cut-1');
    assert.equal(first.state?.terminated?.exitCode, 0, first.state?.terminated?.message);
    assert.equal(first.state?.terminated?.reason, 'Completed');
    assert.match(
      first.state?.terminated?.message ?? '',
      new RegExp(`inet ${podIP.replace(/\./g, '\\.')}/32`),
      'eth0 carries the pod IP: it ran in the pod netns',
    );
    assert.ok(first.state?.terminated?.startedAt && first.state.terminated.finishedAt, 'startedAt and finishedAt');
    assert.equal(first.image, TOOLS);
    assert.equal(first.ready, false);
    assert.equal(await kube.core.readNamespacedPodLog({ name: 'target', namespace: ns, container: 'cut-1' }), 'ran-cut-1\n');

    // The second sees its env and a read-only root (only the termination file is writable).
    await addEphemeral(
      kube,
      ns,
      'target',
      cutter('cut-2', 'if touch /netpart-rofs-probe 2>/dev/null; then w=writable; else w=read-only; fi; echo "$MARK $w" > /dev/termination-log', {
        MARK: 'second',
      }),
    );
    const second = await terminated(kube, ns, 'target', 'cut-2');
    assert.equal(second.state?.terminated?.message, 'second read-only\n');
    const pod = await kube.core.readNamespacedPod({ name: 'target', namespace: ns });
    const again = pod.status?.ephemeralContainerStatuses?.find((s) => s.name === 'cut-1');
    assert.deepEqual(again?.state, first.state, 'cut-1 was not run again');
    assert.equal(await kube.core.readNamespacedPodLog({ name: 'target', namespace: ns, container: 'cut-1' }), 'ran-cut-1\n');
    assert.equal(pod.status?.phase, 'Running');
    assert.equal(pod.status?.containerStatuses?.[0]?.restartCount, 0, 'the pod itself was left alone');
  });

  test('deleting the pod kills a running ephemeral container', async () => {
    const { kube, newNamespace } = c.get();
    const ns = await newNamespace('ephemeral-del');
    await kube.core.createNamespacedPod({ namespace: ns, body: idlePod('target') });
    await waitFor('target Running', async () => (await kube.core.readNamespacedPod({ name: 'target', namespace: ns })).status?.phase === 'Running');
    await addEphemeral(kube, ns, 'target', cutter('hold', 'exec sleep 3600'));
    const running = await waitFor('hold running', async () => {
      const s = await ephemeralStatus(kube, ns, 'target', 'hold');
      return s?.state?.running ? s : undefined;
    });
    const pid = Number(/^testbed:\/\/(\d+)$/.exec(running.containerID ?? '')?.[1]);
    assert.ok(pid > 0, `a local pid in ${running.containerID}`);
    await kube.core.deleteNamespacedPod({ name: 'target', namespace: ns });
    await waitFor('target gone', async () => (await kube.core.listNamespacedPod({ namespace: ns })).items.length === 0, 20_000);
    assert.throws(() => process.kill(pid, 0), 'the ephemeral container process is gone');
  });

  test('one added to a finished pod is never started', async () => {
    const { kube, newNamespace } = c.get();
    const ns = await newNamespace('ephemeral-done');
    const done: V1Pod = { metadata: { name: 'done' }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: TOOLS, command: ['true'] }] } };
    await kube.core.createNamespacedPod({ namespace: ns, body: done });
    await waitFor('done Succeeded', async () => (await kube.core.readNamespacedPod({ name: 'done', namespace: ns })).status?.phase === 'Succeeded');
    await addEphemeral(kube, ns, 'done', cutter('late', 'echo ran > /dev/termination-log'));
    const late = await waitFor('late reported', () => ephemeralStatus(kube, ns, 'done', 'late'));
    await new Promise((r) => setTimeout(r, 1500)); // time enough for a wrongly started one to run and report
    const after = await ephemeralStatus(kube, ns, 'done', 'late');
    assert.equal(after?.state?.waiting?.reason, 'PodCompleted', `first reported ${JSON.stringify(late.state)}`);
    assert.equal(after?.state?.running ?? after?.state?.terminated, undefined, 'it never ran');
  });
});

describe('PodSecurity and ephemeral containers', { skip: c.skip }, () => {
  test('a baseline namespace refuses an ephemeral container that adds NET_ADMIN', async () => {
    const { kube, newNamespace } = c.get();
    const ns = await newNamespace('ephemeral-psa', { 'pod-security.kubernetes.io/enforce': 'baseline' });
    await kube.core.createNamespacedPod({ namespace: ns, body: idlePod('target') });
    // Read-then-replace right after creation would race the agent binding and starting the pod (409, not 403).
    await waitFor('target Running', async () => (await kube.core.readNamespacedPod({ name: 'target', namespace: ns })).status?.phase === 'Running');
    const error = await addEphemeral(kube, ns, 'target', cutter('cut', 'true')).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.equal(statusCode(error), 403, kubeErrorMessage(error));
    assert.match(kubeErrorMessage(error), /violates PodSecurity "baseline:latest".*NET_ADMIN/);
  });
});
