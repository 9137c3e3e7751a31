// kube-router on the testbed dataplane cuts real packets: pods talk, a partition policy blocks new
// connections, removing it restores them; and what happens to an ESTABLISHED connection.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { clusterSuite, waitFor } from '../../support/cluster.ts';
import { createDataplane, type Dataplane, type NodeNetwork, type PodNetwork } from '../../../testbed/dataplane/index.ts';
import { run } from '../../../testbed/dataplane/exec.ts';
import { dataplaneSkipReason } from './preconditions.ts';
import { holdConnection, probeTcp, startEchoServer } from '../../../testbed/dataplane/net-probe.ts';

const NODE = 'dataplane-test-node';
const LAYOUT = { name: 'npdptest', ifPrefix: 'nd', podRange: '10.245.0.0', hostLinkIP: '10.243.1.1', nodeLinkIP: '10.243.1.2' };
const NODE_IP = '10.245.0.1';
const PORT = 7070;

const cluster = clusterSuite();
const skip = cluster.skip || dataplaneSkipReason();
if (skip) console.log(`\n${skip}\n`);

describe('testbed dataplane with kube-router', { skip }, () => {
  let dataplane: Dataplane;
  let ns: string;
  let node: NodeNetwork;
  let stateDir: string | undefined;
  const nets: Record<'a' | 'b', PodNetwork> = {} as never;
  const servers: ChildProcess[] = [];

  // A pod object kube-router sees as local: bound to our node, Running, with the dataplane's IP.
  async function localPod(name: string, app: string): Promise<PodNetwork> {
    const kube = cluster.get().kube;
    const pod = await kube.core.createNamespacedPod({
      namespace: ns,
      body: { metadata: { name, labels: { app } }, spec: { nodeName: NODE, containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] } },
    });
    const net = await dataplane.addPod(pod);
    const status = { phase: 'Running', hostIP: NODE_IP, hostIPs: [{ ip: NODE_IP }], podIP: net.ip, podIPs: [{ ip: net.ip }] };
    await kube.core.replaceNamespacedPodStatus({ name, namespace: ns, body: { ...pod, status } });
    return net;
  }

  // No kubelet finishes deleting pods bound to this test node: remove them outright, or a later run finds
  // Terminating pods holding the same IPs and kube-router mixes them up with the new ones.
  async function forceDeletePodsOnNode(): Promise<void> {
    const kube = cluster.get().kube;
    const pods = await kube.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${NODE}` });
    for (const p of pods.items) {
      await kube.core.deleteNamespacedPod({ name: p.metadata!.name!, namespace: p.metadata!.namespace!, gracePeriodSeconds: 0 }).catch(() => undefined);
    }
  }

  before(async () => {
    const c = cluster.get();
    await forceDeletePodsOnNode();
    await c.kube.core.deleteNode({ name: NODE }).catch(() => undefined);
    await c.kube.core.createNode({ body: { metadata: { name: NODE }, spec: { unschedulable: true } } });
    await c.kube.core.replaceNodeStatus({ name: NODE, body: { metadata: { name: NODE }, status: { addresses: [{ type: 'InternalIP', address: NODE_IP }] } } });
    stateDir = mkdtempSync(join(tmpdir(), 'netpart-dp-'));
    dataplane = createDataplane({ stateDir, layout: LAYOUT, adminKubeconfig: c.kubeconfigPath, nodeName: NODE });
    node = await dataplane.setupNode();
    ns = await c.newNamespace('dp');
    nets.a = await localPod('client-a', 'a');
    nets.b = await localPod('server-b', 'b');
    servers.push(await startEchoServer(nets.b, PORT));
  });

  after(async () => {
    for (const s of servers) s.kill('SIGKILL');
    await dataplane?.teardown();
    await forceDeletePodsOnNode();
    await cluster
      .get()
      .kube.core.deleteNode({ name: NODE })
      .catch(() => undefined);
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    const left = await run(['ip', 'netns', 'list']);
    assert.doesNotMatch(left, new RegExp(LAYOUT.name), 'teardown left network namespaces behind');
  });

  test('two pod namespaces talk TCP through the node namespace', async () => {
    assert.equal(await probeTcp(nets.a, nets.b.ip, PORT), 'connected');
  });

  test('a partition policy blocks new A→B connections, keeps A→elsewhere, and its removal restores them', async () => {
    const kube = cluster.get().kube;
    // kube-router needs a moment after start to program its base chains.
    await waitFor('kube-router base chains', async () =>
      (await run(['ip', 'netns', 'exec', `${LAYOUT.name}-node`, 'iptables-save'])).includes('KUBE-ROUTER-FORWARD'),
    );
    const held = await holdConnection(nets.a, nets.b.ip, PORT);
    assert.equal(await held.ping(), true, 'held connection works before the policy');

    const policy: V1NetworkPolicy = {
      metadata: { name: 'partition-a-from-b' },
      spec: {
        podSelector: { matchLabels: { app: 'a' } },
        policyTypes: ['Egress'],
        egress: [
          {
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
          { to: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['b'] }] } }] },
          { to: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [ns] }] } }] },
          { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [`${nets.b.ip}/32`] } }] },
        ],
      },
    };
    const created = Date.now();
    await kube.net.createNamespacedNetworkPolicy({ namespace: ns, body: policy });
    await waitFor('first refused A→B connection', async () => (await probeTcp(nets.a, nets.b.ip, PORT, 500)) !== 'connected');
    const timeToCutMs = Date.now() - created;
    const blockedAs = await probeTcp(nets.a, nets.b.ip, PORT, 1000);
    console.log(`# time from policy create to first failed new connection: ${timeToCutMs} ms (new connections now: ${blockedAs})`);
    assert.notEqual(blockedAs, 'connected');
    // The apiserver relay is an ipBlock peer that the policy still allows: only B is cut.
    assert.equal(await probeTcp(nets.a, node.apiHost!, node.apiPort!, 1000), 'connected', 'A→apiserver must still flow');

    const establishedSurvives = await held.ping(2000);
    console.log(`# ESTABLISHED A→B TCP connection after the deny policy: ${establishedSurvives ? 'SURVIVES (still echoes)' : 'CUT'}`);
    if (establishedSurvives) {
      await run(['ip', 'netns', 'exec', `${LAYOUT.name}-node`, 'conntrack', '-D', '-s', nets.a.ip, '-d', nets.b.ip]).catch(() => '');
      const afterConntrackDelete = await held.ping(2000);
      console.log(`# after \`conntrack -D -s A -d B\` in the node namespace: ${afterConntrackDelete ? 'still SURVIVES' : 'CUT (no echo)'}`);
    }
    held.close();

    const deleted = Date.now();
    await kube.net.deleteNamespacedNetworkPolicy({ name: 'partition-a-from-b', namespace: ns });
    await waitFor('A→B connections restored', async () => (await probeTcp(nets.a, nets.b.ip, PORT, 500)) === 'connected');
    console.log(`# time from policy delete to first new connection: ${Date.now() - deleted} ms`);
  });
});
