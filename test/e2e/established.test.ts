// established=keep|drop|reset on the testbed: real pods, kube-router enforcing, the helpers run by the node agent.
// Connections are held from inside the pods' network namespaces; only the named flows may be cut.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { createFaultEngine } from '../../runner/faults/engine.ts';
import { LABEL_HELPER } from '../../runner/faults/established/helper-specs.ts';
import type { EstablishedMode } from '../../runner/faults/established/settings.ts';
import { holdConnection, probeDns, probeTcp, startEchoServer, type HeldConnection } from '../dataplane/net-probe.ts';
import { createRunningPods, idlePod } from '../faults/fixtures.ts';
import { clusterSuite } from '../support/cluster.ts';
import { assertNoLeftovers } from '../support/leftovers.ts';
import { CLUSTER_DNS_IP } from '../testbed/cluster-network.ts';
import { inNetns } from '../testbed/dataplane/exec.ts';
import { DEFAULT_LAYOUT, namesOf, uid8Of } from '../testbed/dataplane/layout.ts';
import { HELPER_NAMESPACE, installEstablishedRbac } from '../testbed/established-rbac.ts';

const cluster = clusterSuite();
const PORT = 7000;
const netOf = (pod: V1Pod) => {
  const netnsName = namesOf(DEFAULT_LAYOUT).podNetns(uid8Of(pod.metadata?.uid));
  return { netnsName, ip: pod.status?.podIP ?? '', wrap: (argv: readonly string[]) => inNetns(netnsName, argv) };
};

/** Waits until the held connection reports an error or close (reset), at most `ms`. */
async function failsWithin(held: HeldConnection, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (/error|closed/.test(held.lastEvent)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return /error|closed/.test(held.lastEvent);
}

describe('established connections under a partition [slow]', { skip: cluster.skip, timeout: 240_000 }, () => {
  let namespace = '';
  let pods: Record<string, V1Pod> = {};
  const servers: ChildProcess[] = [];

  before(async () => {
    const c = cluster.get();
    namespace = await c.newNamespace('established');
    await installEstablishedRbac(c.kube, namespace);
    const created = await createRunningPods(c.kube, namespace, [
      idlePod('target-0', { app: 'target' }),
      idlePod('peer-0', { app: 'peer' }),
      idlePod('bystander-0', { app: 'bystander' }),
    ]);
    pods = Object.fromEntries(created.map((p) => [p.metadata?.name ?? '', p]));
    for (const name of ['peer-0', 'bystander-0']) servers.push(await startEchoServer(netOf(pods[name]!), PORT));
  });

  after(async () => {
    for (const s of servers) s.kill('SIGKILL');
  });

  for (const mode of ['keep', 'drop', 'reset'] as EstablishedMode[]) {
    test(`${mode}: the target's open flow to the peer ${mode === 'keep' ? 'survives (kube-router keeps it)' : 'is cut'}; other flows and DNS are untouched`, async () => {
      const { kube } = cluster.get();
      const engine = createFaultEngine(kube, { namespaces: [namespace], established: { settleMs: 600 } });
      const target = netOf(pods['target-0']!);
      const peer = netOf(pods['peer-0']!);
      const bystander = netOf(pods['bystander-0']!);
      const cutFlow = await holdConnection(target, peer.ip, PORT);
      const targetToBystander = await holdConnection(target, bystander.ip, PORT);
      const bystanderToPeer = await holdConnection(bystander, peer.ip, PORT);
      try {
        for (const held of [cutFlow, targetToBystander, bystanderToPeer]) assert.equal(await held.ping(), true, 'open before the fault');
        const fault = await engine.inject({ namespace, target: { prefix: 'target-' }, blockNats: false, blockPods: [{ labels: { app: 'peer' } }], established: mode, duration: 120 });
        console.log(`${mode}: ${JSON.stringify(fault.established ?? null)}`);
        assert.equal(await probeTcp(target, peer.ip, PORT, 800) === 'connected', false, 'new connections to the peer are cut');
        if (mode === 'keep') assert.equal(await cutFlow.ping(), true, 'keep: kube-router lets the open flow live on');
        if (mode === 'drop') {
          assert.ok((fault.established?.cut ?? 0) >= 1, 'drop deleted the flow\'s conntrack entries');
          assert.equal(fault.established?.settled, true);
          assert.equal(await cutFlow.ping(1000), false, 'drop: the open flow is blackholed');
        }
        if (mode === 'reset') {
          assert.ok((fault.established?.cut ?? 0) >= 1, 'reset destroyed the socket');
          assert.equal(await failsWithin(cutFlow, 1000), true, 'reset: the app sees its connection fail');
        }
        assert.equal(await targetToBystander.ping(), true, 'the target\'s flow to a pod it was not cut from survives');
        assert.equal(await bystanderToPeer.ping(), true, 'another pod\'s flow to the peer survives');
        const dns = await probeDns(target, CLUSTER_DNS_IP, 'kubernetes.default.svc.cluster.local');
        assert.ok('addresses' in dns, `DNS still works from the target: ${JSON.stringify(dns)}`);
        const helpers = (await kube.core.listNamespacedPod({ namespace: HELPER_NAMESPACE, labelSelector: LABEL_HELPER })).items;
        assert.deepEqual(helpers.map((p) => p.metadata?.name), [], 'no drop helper pod is left');
        const running = (await kube.core.readNamespacedPod({ name: 'target-0', namespace })).status?.ephemeralContainerStatuses?.filter((s) => s.state?.running);
        assert.deepEqual(running ?? [], [], 'no ephemeral container still runs');
        await engine.recover(fault.id, namespace);
        if (mode === 'drop') assert.equal(await cutFlow.ping(6000), true, 'drop, healed: the same connection carries traffic again');
        assert.equal(await probeTcp(target, peer.ip, PORT, 1500), 'connected', 'new connections work after recovery');
        await assertNoLeftovers(kube, namespace);
      } finally {
        for (const held of [cutFlow, targetToBystander, bystanderToPeer]) held.close();
        engine.release();
      }
    });
  }

  test('reset in a namespace whose Pod Security forbids NET_ADMIN: refused before anything is created, naming the fix', async () => {
    const c = cluster.get();
    const strict = await c.newNamespace('established-baseline', { 'pod-security.kubernetes.io/enforce': 'baseline' });
    await installEstablishedRbac(c.kube, strict);
    await createRunningPods(c.kube, strict, [idlePod('target-0', { app: 'target' }), idlePod('peer-0', { app: 'peer' })]);
    const engine = createFaultEngine(c.kube, { namespaces: [strict] });
    await assert.rejects(
      engine.inject({ namespace: strict, target: { prefix: 'target-' }, blockNats: false, blockPods: [{ labels: { app: 'peer' } }], established: 'reset' }),
      (e: Error) => /established=reset cannot be performed here/.test(e.message) && /baseline/.test(e.message) && /NET_ADMIN/.test(e.message),
    );
    await assertNoLeftovers(c.kube, strict);
    const target = await c.kube.core.readNamespacedPod({ name: 'target-0', namespace: strict });
    assert.equal(target.spec?.ephemeralContainers?.length ?? 0, 0, 'the dry run added no ephemeral container');
  });
});
