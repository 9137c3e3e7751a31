// Pods see the in-cluster API exactly as on a real node: KubeConfig.loadFromCluster() works unchanged.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { REPO_ROOT } from '../../testbed/paths.ts';
import { clusterSuite, waitFor, type TestCluster } from '../support/cluster.ts';

const c = clusterSuite();

// Runs in the pod: lists pods of its own namespace through the mounted ServiceAccount.
const LIST_PODS = `
import { KubeConfig, CoreV1Api } from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
if (!existsSync(dir + '/token')) { console.log('NO-TOKEN'); process.exit(0); }
const kc = new KubeConfig(); kc.loadFromCluster();
const ns = readFileSync(dir + '/namespace', 'utf8');
const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: ns });
console.log('PODS ' + ns + ' ' + pods.items.map((p) => p.metadata.name).join(','));
`;

function podRunning(script: string, automount: boolean): V1Pod {
  return {
    metadata: { name: automount ? 'lister' : 'no-token' },
    spec: {
      restartPolicy: 'Never',
      serviceAccountName: 'lister',
      automountServiceAccountToken: automount,
      containers: [{ name: 'main', image: 'node:22', workingDir: REPO_ROOT, command: ['node', '--input-type=module', '-e', script] }],
    },
  };
}

async function finishedLogs(cluster: TestCluster, ns: string, name: string): Promise<string> {
  const pod = await waitFor(`pod ${ns}/${name} to finish`, async () => {
    const p = await cluster.kube.core.readNamespacedPod({ name, namespace: ns });
    return (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') && p;
  });
  const logs = await cluster.kube.core.readNamespacedPodLog({ name, namespace: ns });
  assert.equal(pod.status?.phase, 'Succeeded', `pod failed; logs:\n${logs}`);
  return logs;
}

describe('in-cluster ServiceAccount mount', { skip: c.skip }, () => {
  test('loadFromCluster() authenticates as the pod ServiceAccount; automount=false mounts nothing', async () => {
    const cluster = c.get();
    const ns = await cluster.newNamespace('incluster');
    await cluster.kube.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'lister' } } });
    const { RbacAuthorizationV1Api } = await import('@kubernetes/client-node');
    const rbac = cluster.kube.config.makeApiClient(RbacAuthorizationV1Api);
    await rbac.createNamespacedRole({
      namespace: ns,
      body: { metadata: { name: 'pods' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }] },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'pods' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pods' },
        subjects: [{ kind: 'ServiceAccount', name: 'lister', namespace: ns }],
      },
    });
    await cluster.kube.core.createNamespacedPod({ namespace: ns, body: podRunning(LIST_PODS, true) });
    assert.match(await finishedLogs(cluster, ns, 'lister'), new RegExp(`^PODS ${ns} lister\\n$`));
    await cluster.kube.core.createNamespacedPod({ namespace: ns, body: podRunning(LIST_PODS, false) });
    assert.equal(await finishedLogs(cluster, ns, 'no-token'), 'NO-TOKEN\n');
  });
});

describe('pod deletion on the testbed node', { skip: c.skip }, () => {
  test('deleting a running pod stops its process group and the pod object goes away', async () => {
    const cluster = c.get();
    const ns = await cluster.newNamespace('delete');
    const script = 'process.on("SIGTERM", () => { console.log("got SIGTERM"); process.exit(0) }); setInterval(() => {}, 1000)';
    await cluster.kube.core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: 'sleeper' },
        spec: { terminationGracePeriodSeconds: 5, containers: [{ name: 'main', image: 'node:22', command: ['node', '-e', script] }] },
      },
    });
    const running = await waitFor('sleeper to run', async () => {
      const p = await cluster.kube.core.readNamespacedPod({ name: 'sleeper', namespace: ns });
      return p.status?.containerStatuses?.[0]?.state?.running ? p : undefined;
    });
    const pid = Number(running.status?.containerStatuses?.[0]?.containerID?.replace('testbed://', ''));
    assert.ok(pid > 0);
    process.kill(pid, 0); // alive now
    await cluster.kube.core.deleteNamespacedPod({ name: 'sleeper', namespace: ns });
    await waitFor('sleeper to be gone from the API', async () =>
      cluster.kube.core.readNamespacedPod({ name: 'sleeper', namespace: ns }).then(
        () => false,
        (e: unknown) => (e as { code?: number }).code === 404,
      ),
    );
    assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
  });

  test("a pod force-deleted and recreated at once under its name runs; the old pod's last status never reaches it", async () => {
    const cluster = c.get();
    const ns = await cluster.newNamespace('recreate');
    const sleeper = (): V1Pod => ({
      metadata: { name: 'same' },
      spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image: 'node:22', command: ['node', '-e', 'setInterval(() => {}, 1000)'] }] },
    });
    const pidOf = (p: V1Pod): number => Number(p.status?.containerStatuses?.[0]?.containerID?.replace('testbed://', '') ?? 0);
    // Settles at Running or at Failed (a pod that never runs again ends the wait at once, not at the timeout).
    const runningPid = async (uid: string | undefined): Promise<number> => {
      const p = await waitFor('the pod to run or fail', async () => {
        const pod = await cluster.kube.core.readNamespacedPod({ name: 'same', namespace: ns });
        return pod.status?.phase === 'Failed' || pod.status?.containerStatuses?.[0]?.state?.running ? pod : undefined;
      });
      assert.equal(p.metadata?.uid, uid);
      assert.equal(p.status?.phase, 'Running', `the pod failed: ${JSON.stringify(p.status?.containerStatuses)}`);
      return pidOf(p);
    };
    // Each round the old process is killed while its replacement already exists: its final status (Failed) is the
    // write that must not land on the new pod.
    for (let round = 0; round < 3; round++) {
      const first = await cluster.kube.core.createNamespacedPod({ namespace: ns, body: sleeper() });
      const oldPid = await runningPid(first.metadata?.uid);
      await cluster.kube.core.deleteNamespacedPod({ name: 'same', namespace: ns, gracePeriodSeconds: 0 });
      const second = await cluster.kube.core.createNamespacedPod({ namespace: ns, body: sleeper() });
      const newPid = await runningPid(second.metadata?.uid);
      assert.notEqual(newPid, oldPid);
      await waitFor('the old process to end', () => {
        try {
          process.kill(oldPid, 0);
          return Promise.resolve(undefined);
        } catch {
          return Promise.resolve(true);
        }
      });
      // The old runner has finished (its process is gone and its last report was sent or refused): the new pod is
      // still Running with its own container.
      await new Promise((r) => setTimeout(r, 500));
      const now = await cluster.kube.core.readNamespacedPod({ name: 'same', namespace: ns });
      assert.equal(now.status?.phase, 'Running');
      assert.equal(pidOf(now), newPid);
      await cluster.kube.core.deleteNamespacedPod({ name: 'same', namespace: ns, gracePeriodSeconds: 0 });
    }
  });
});
