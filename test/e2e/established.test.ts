// established=keep|drop|reset on the testbed: real pods, kube-router enforcing, the helpers run by the node agent.
// Connections are held from inside the pods' network namespaces; only the named flows may be cut.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import type { Fault } from '../../runner/faults/types.ts';
import { createFaultEngine } from '../../runner/faults/engine.ts';
import { LABEL_FAULT_NAMESPACE, LABEL_HELPER } from '../../runner/faults/established/helper-specs.ts';
import type { EstablishedMode } from '../../runner/faults/established/settings.ts';
import {
  CLUSTER_DNS_IP,
  createRunningPods,
  type HeldConnection,
  HELPER_NAMESPACE,
  holdConnection,
  idlePod,
  inNetns,
  installEstablishedRbac,
  namesOf,
  probeDns,
  probeTcp,
  startEchoServer,
  TESTBED_LAYOUT,
  uid8Of,
} from '../../testbed/index.ts';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { assertNoLeftovers } from '../support/leftovers.ts';

const cluster = clusterSuite();
const PORT = 7000;
const netOf = (pod: V1Pod) => {
  const netnsName = namesOf(TESTBED_LAYOUT).podNetns(uid8Of(pod.metadata?.uid));
  return { netnsName, ip: pod.status?.podIP ?? '', wrap: (argv: readonly string[]) => inNetns(netnsName, argv) };
};

/** Waits until the held connection reports an error or close (reset), at most `ms`. */
async function failsWithin(held: HeldConnection, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (/error|closed/.test(held.lastEvent)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return /error|closed/.test(held.lastEvent);
}

describe('established connections under a partition [slow]', { skip: cluster.skip, timeout: 240_000 }, () => {
  let namespace = '';
  let pods: Record<string, V1Pod> = {};
  let peerService = '';
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
    // A blocked peer must not stay reachable on the DNS port either (the DNS allowance names every server but it).
    servers.push(await startEchoServer(netOf(pods['peer-0']!), 53));
    // Apps reach peers through Services: inside the pod such a socket names the ClusterIP, not the peer's IP.
    const service = await c.kube.core.createNamespacedService({
      namespace,
      body: { metadata: { name: 'peer' }, spec: { selector: { app: 'peer' }, ports: [{ port: 80, targetPort: PORT, protocol: 'TCP' }] } },
    });
    peerService = service.spec?.clusterIP ?? '';
    await waitFor('the peer Service to route', async () => (await probeTcp(netOf(pods['bystander-0']!), peerService, 80, 800)) === 'connected', 30_000);
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
      const viaService = await holdConnection(target, peerService, 80);
      let fault: Fault | undefined;
      const targetToBystander = await holdConnection(target, bystander.ip, PORT);
      const bystanderToPeer = await holdConnection(bystander, peer.ip, PORT);
      try {
        for (const held of [cutFlow, viaService, targetToBystander, bystanderToPeer]) assert.equal(await held.ping(), true, 'open before the fault');
        fault = await engine.inject({
          namespace,
          target: { prefix: 'target-' },
          blockNats: false,
          blockPods: [{ labels: { app: 'peer' } }],
          established: mode,
          duration: 120,
        });
        console.log(`${mode}: ${JSON.stringify(fault.established ?? null)}`);
        // keep has no settle window: give the enforcer its moment (seconds on a loaded machine) before judging.
        await waitFor('new connections to the peer cut', async () => (await probeTcp(target, peer.ip, PORT, 800)) !== 'connected', 15_000);
        if (mode === 'keep') assert.equal(await cutFlow.ping(), true, 'keep: kube-router lets the open flow live on');
        if (mode === 'keep') assert.equal(await viaService.ping(), true, 'keep: the flow through the Service lives on too');
        if (mode === 'drop') {
          assert.ok((fault.established?.cut ?? 0) >= 1, "drop deleted the flow's conntrack entries");
          assert.equal(fault.established?.settled, true);
          assert.equal(await cutFlow.ping(1000), false, 'drop: the open flow is blackholed');
          assert.equal(await viaService.ping(1000), false, 'drop: the flow through the Service is blackholed too');
        }
        if (mode === 'reset') {
          assert.ok((fault.established?.cut ?? 0) >= 1, 'reset destroyed the socket');
          assert.equal(await failsWithin(cutFlow, 1000), true, 'reset: the app sees its connection fail');
          assert.equal(await failsWithin(viaService, 1000), true, "reset: the socket to the peer's ClusterIP fails too");
        }
        assert.equal(await targetToBystander.ping(), true, "the target's flow to a pod it was not cut from survives");
        assert.equal(await bystanderToPeer.ping(), true, "another pod's flow to the peer survives");
        assert.notEqual(await probeTcp(target, peer.ip, 53, 800), 'connected', 'the blocked peer is cut on port 53 too');
        const dns = await probeDns(target, CLUSTER_DNS_IP, 'kubernetes.default.svc.cluster.local');
        assert.ok('addresses' in dns, `DNS still works from the target: ${JSON.stringify(dns)}`);
        const helpers = (
          await kube.core.listNamespacedPod({ namespace: HELPER_NAMESPACE, labelSelector: `${LABEL_HELPER},${LABEL_FAULT_NAMESPACE}=${namespace}` })
        ).items;
        assert.deepEqual(
          helpers.map((p) => p.metadata?.name),
          [],
          'no drop helper pod is left',
        );
        const running = (await kube.core.readNamespacedPod({ name: 'target-0', namespace })).status?.ephemeralContainerStatuses?.filter(
          (s) => s.state?.running,
        );
        assert.deepEqual(running ?? [], [], 'no ephemeral container still runs');
        await engine.recover(fault.id, namespace);
        fault = undefined;
        await waitFor('new connections to the peer work after recovery', async () => (await probeTcp(target, peer.ip, PORT, 800)) === 'connected', 15_000);
        if (mode === 'drop') assert.equal(await cutFlow.ping(10_000), true, 'drop, healed: the same connection carries traffic again');
        if (mode === 'drop') assert.equal(await viaService.ping(10_000), true, 'drop, healed: the same connection through the Service too');
        await assertNoLeftovers(kube, namespace);
      } finally {
        if (fault) await engine.recover(fault.id, namespace);
        for (const held of [cutFlow, viaService, targetToBystander, bystanderToPeer]) held.close();
        await engine.release();
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
