// hostNetwork pods on the testbed run in the node's network namespace (netpart-node), as on a real node: they see
// the node IP and the conntrack table kube-router's pod flows are in, not the machine's root namespace. Also the
// kubelet's activeDeadlineSeconds: the pod is killed and ends Failed/DeadlineExceeded.
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { describe, test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { DATAPLANE_NODE_IP } from '../../testbed/dataplane/mode.ts';
import { NODE_NAME } from '../../testbed/paths.ts';
import { readState } from '../../testbed/state.ts';

const c = clusterSuite();
const TOOLS = 'ghcr.io/netpart/tools:0.1.0';

function dataplaneSkip(): string | false {
  if (c.skip) return c.skip;
  const state = readState();
  if (state?.dataplane === 'netns' || state?.kubeconfig !== process.env.NETPART_TEST_KUBECONFIG) return false;
  const reason = '!!! TESTBED WITHOUT DATAPLANE (host sandbox): hostNetwork tests SKIPPED';
  if (process.env.CI === 'true') throw new Error(`${reason} — CI=true requires the dataplane`);
  return reason;
}

// The shape of the fault engine's node-side helper: pinned to the node, tolerates everything, runs once.
const nodePod = (name: string, script: string, extra: Partial<NonNullable<V1Pod['spec']>> = {}): V1Pod => ({
  metadata: { name },
  spec: {
    nodeName: NODE_NAME,
    hostNetwork: true,
    restartPolicy: 'Never',
    terminationGracePeriodSeconds: 1,
    tolerations: [{ operator: 'Exists' }],
    containers: [
      {
        name: 'probe',
        image: TOOLS,
        command: ['sh', '-c', script],
        securityContext: {
          runAsUser: 0,
          runAsNonRoot: false,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] },
          readOnlyRootFilesystem: true,
        },
      },
    ],
    ...extra,
  },
});

const finished = (ns: string, name: string) =>
  waitFor(`${name} finished`, async () => {
    const pod = await c.get().kube.core.readNamespacedPod({ name, namespace: ns });
    return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' ? pod : undefined;
  });

describe('hostNetwork pods on the testbed', { skip: dataplaneSkip(), timeout: 120_000 }, () => {
  test('run in the node namespace: node IP, no root-namespace address, and the pod flows in conntrack', async () => {
    const { kube, newNamespace } = c.get();
    const ns = await newNamespace('hostnet');
    // CoreDNS holds a watch on the apiserver relay (10.243.0.1) from its pod IP: a pod flow routed through the node.
    const script =
      'ip -4 -o addr show > /dev/termination-log; echo --- >> /dev/termination-log; conntrack -L -p tcp -d 10.243.0.1 2>/dev/null | grep -F src=10.244. | head -n 3 >> /dev/termination-log';
    await kube.core.createNamespacedPod({ namespace: ns, body: nodePod('node-probe', script) });
    const pod = await finished(ns, 'node-probe');
    const status = pod.status?.containerStatuses?.[0]?.state?.terminated;
    assert.equal(pod.status?.phase, 'Succeeded', status?.message);
    assert.equal(pod.status?.podIP, DATAPLANE_NODE_IP, 'podIP = node IP');
    const [addresses = '', flows = ''] = (status?.message ?? '').split('---\n');
    assert.match(addresses, new RegExp(`inet ${DATAPLANE_NODE_IP.replace(/\./g, '\\.')}/32`), 'the node IP is on its lo');
    const rootAddresses = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a?.family === 'IPv4' && !a.internal)
      .map((a) => a?.address as string);
    for (const address of rootAddresses)
      assert.doesNotMatch(addresses, new RegExp(`inet ${address.replace(/\./g, '\\.')}/`), `${address} of the root namespace is not visible`);
    assert.match(flows, /src=10\.244\.\d+\.\d+ dst=10\.243\.0\.1 /, 'conntrack shows a pod → apiserver-relay flow tracked in the node namespace');
  });

  test('activeDeadlineSeconds kills the pod: Failed, reason DeadlineExceeded', async () => {
    const { kube, newNamespace } = c.get();
    const ns = await newNamespace('deadline');
    await kube.core.createNamespacedPod({ namespace: ns, body: nodePod('slow', 'exec sleep 3600', { activeDeadlineSeconds: 2 }) });
    const pod = await finished(ns, 'slow');
    assert.equal(pod.status?.phase, 'Failed');
    assert.equal(pod.status?.reason, 'DeadlineExceeded');
    assert.equal(pod.status?.message, 'Pod was active on the node longer than the specified deadline');
    assert.ok(pod.status?.containerStatuses?.[0]?.state?.terminated, 'its container was killed');
  });
});
