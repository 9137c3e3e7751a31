// The fault engine against the real testbed: exact targeting, recovery, expiry, sweep and every refusal.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFaultEngine } from '../../runner/faults/engine.ts';
import { mergePatch } from '../../runner/kube/client.ts';
import { LABEL_FAULT_ID, LABEL_POD_UID, POLICY_SELECTOR, policyName, targetLabelKey } from '../../runner/faults/labels.ts';
import { podUidSelector } from '../../runner/faults/pod-uid-label.ts';
import { matchesLabelSelector } from '../../runner/faults/selector.ts';
import { RefusedError, ValidationError } from '../../runner/util/errors.ts';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { assertNoLeftovers } from '../support/leftovers.ts';
import { watchPolicyEnds } from '../support/policy-watch.ts';
import { createRunningPods, dynamoPods, idlePod } from '../../testbed/index.ts';

const cluster = clusterSuite();

describe('fault engine on the testbed', { skip: cluster.skip }, () => {
  async function setup(prefix: string) {
    const c = cluster.get();
    const namespace = await c.newNamespace(prefix);
    await createRunningPods(c.kube, namespace, dynamoPods());
    const engine = createFaultEngine(c.kube, { namespaces: [namespace] });
    const policies = async () => (await c.kube.net.listNamespacedNetworkPolicy({ namespace, labelSelector: POLICY_SELECTOR })).items;
    // The pods a fault's policy selects now (none once it is gone), as the enforcer matches them.
    const selected = async (faultId: string) => {
      const policy = (await policies()).find((p) => p.metadata?.name === policyName(faultId));
      if (!policy) return [];
      const pods = (await c.kube.core.listNamespacedPod({ namespace })).items;
      return pods
        .filter((p) => matchesLabelSelector(policy.spec?.podSelector ?? {}, p.metadata?.labels ?? {}))
        .map((p) => p.metadata?.name)
        .sort();
    };
    const uidLabelled = async () =>
      (await c.kube.core.listNamespacedPod({ namespace, labelSelector: LABEL_POD_UID })).items
        .filter((p) => p.metadata?.labels?.[LABEL_POD_UID] === p.metadata?.uid)
        .map((p) => p.metadata?.name)
        .sort();
    return { c, namespace, engine, policies, selected, uidLabelled };
  }

  test('inject by prefix selects exactly the requested pod; list/get read it back; recover is idempotent', async () => {
    const { c, namespace, engine, policies, selected, uidLabelled } = await setup('engine-basic');
    const fault = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker' }, duration: 120 });
    assert.deepEqual(
      fault.targetPods.map((p) => p.name),
      ['vllm-decode-worker-0'],
    );
    assert.deepEqual(
      fault.blockedPods.map((p) => p.name),
      ['nats-0'],
    );
    assert.deepEqual(await selected(fault.id), ['vllm-decode-worker-0'], 'the policy selects only the named replica');
    const [policy] = await policies();
    assert.equal(policy?.metadata?.labels?.[LABEL_FAULT_ID], fault.id);
    const worker = await c.kube.core.readNamespacedPod({ namespace, name: 'vllm-decode-worker-0' });
    // Through JSON: client-node reads it back as class instances.
    assert.deepEqual(JSON.parse(JSON.stringify(policy?.spec?.podSelector)), podUidSelector([worker.metadata?.uid ?? '']));
    assert.deepEqual(await uidLabelled(), ['vllm-decode-worker-0'], 'only the target wears a uid label, its own');

    const listed = await engine.list(namespace);
    assert.deepEqual(
      listed.map((f) => f.id),
      [fault.id],
    );
    const got = await engine.get(fault.id);
    assert.equal(got?.expiresAt, fault.expiresAt);
    assert.deepEqual(got?.spec, fault.spec);

    const first = await engine.recover(fault.id, namespace);
    assert.equal(first.recovered, true);
    assert.equal((await policies()).length, 0);
    assert.deepEqual(await uidLabelled(), ['vllm-decode-worker-0'], 'the uid label stays for the next fault on the pod');
    const second = await engine.recover(fault.id, namespace);
    assert.equal(second.recovered, false, 'recovering twice is success, reported as nothing to do');
    assert.equal(await engine.get(fault.id, namespace), undefined);
  });

  test('count all / N pick sorted pods; other replicas stay unselected', async () => {
    const { namespace, engine, selected } = await setup('engine-count');
    const two = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker' }, count: 2 });
    assert.deepEqual(await selected(two.id), ['vllm-decode-worker-0', 'vllm-decode-worker-1']);
    const all = await engine.inject({ namespace, target: { selector: { 'nvidia.com/dynamo-component-type': 'worker' } }, count: 'all' });
    assert.equal(all.targetPods.length, 3);
    assert.deepEqual(await selected(all.id), ['vllm-decode-worker-0', 'vllm-decode-worker-1', 'vllm-decode-worker-2']);
    assert.deepEqual(await selected(two.id), ['vllm-decode-worker-0', 'vllm-decode-worker-1'], 'an overlapping fault widens no other');
    await engine.recover(two.id);
    await engine.recover(all.id);
    assert.deepEqual(await selected(two.id), []);
  });

  test("a pod's second fault writes only its policy; a pod re-created under the target's name is not selected", async () => {
    const { c, namespace, engine, selected } = await setup('engine-uid');
    const first = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker-0' } });
    await engine.recover(first.id);
    const before = (await c.kube.core.readNamespacedPod({ namespace, name: 'vllm-decode-worker-0' })).metadata?.resourceVersion;
    const second = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker-0' }, duration: 120 });
    const after = (await c.kube.core.readNamespacedPod({ namespace, name: 'vllm-decode-worker-0' })).metadata?.resourceVersion;
    assert.equal(after, before, 'the pod was not written: it already wore its uid label');
    assert.deepEqual(await selected(second.id), ['vllm-decode-worker-0']);
    // A StatefulSet-style replacement: same name, the labels of its template (no uid label), another uid.
    const old = await c.kube.core.readNamespacedPod({ namespace, name: 'vllm-decode-worker-0' });
    await c.kube.core.deleteNamespacedPod({ namespace, name: 'vllm-decode-worker-0', gracePeriodSeconds: 0 });
    await waitFor(
      'the old pod is gone',
      async () => !(await c.kube.core.listNamespacedPod({ namespace })).items.some((p) => p.metadata?.uid === old.metadata?.uid),
    );
    const { [LABEL_POD_UID]: _uid, ...templateLabels } = old.metadata?.labels ?? {};
    await createRunningPods(c.kube, namespace, [idlePod('vllm-decode-worker-0', templateLabels)]);
    assert.deepEqual(await selected(second.id), [], 'the replacement is another pod: the fault does not follow the name');
    await engine.recover(second.id);
  });

  for (const watchCache of [false, true]) {
    test(`a pod wearing a copy of a target's uid label is set to its own uid before the policy exists (watch cache: ${watchCache})`, async () => {
      const { c, namespace, selected } = await setup('engine-impostor');
      const engine = createFaultEngine(c.kube, { namespaces: [namespace], watchCache });
      const first = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker-0' } });
      await engine.recover(first.id);
      const target = await c.kube.core.readNamespacedPod({ namespace, name: 'vllm-decode-worker-0' });
      const copied = target.metadata?.labels?.[LABEL_POD_UID] ?? assert.fail('the target wears no uid label');
      await createRunningPods(c.kube, namespace, [idlePod('copy-of-worker', { app: 'copy', [LABEL_POD_UID]: copied })]);
      const fault = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker-0' } });
      assert.deepEqual(await selected(fault.id), ['vllm-decode-worker-0']);
      const copy = await c.kube.core.readNamespacedPod({ namespace, name: 'copy-of-worker' });
      assert.equal(copy.metadata?.labels?.[LABEL_POD_UID], copy.metadata?.uid);
      await engine.recover(fault.id);
      await engine.release();
    });
  }

  test('duration expiry recovers on time while held', async () => {
    const { c, namespace, engine } = await setup('engine-expiry');
    // The deletion is timed by a watch event, not by a poll whose interval (and list latency on a loaded apiserver)
    // would add to the lateness measured.
    const watch = await watchPolicyEnds(c.kube, namespace);
    try {
      const fault = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker-1' }, duration: 2 });
      engine.hold(fault);
      const { lateMs } = await waitFor('policy removed at expiry', async () => watch.ends.get(fault.id));
      assert.ok(lateMs >= -50 && lateMs < 2000, `recovered ${lateMs} ms after expiry`);
    } finally {
      watch.stop();
      await engine.release();
    }
  });

  test('refusals create nothing and say why', async () => {
    const { c, namespace, engine } = await setup('engine-refuse');
    const cases: [string, unknown, RegExp][] = [
      ['no match', { namespace, target: { prefix: 'vllm-decode-wrker' } }, /closest pods: vllm-decode-worker-0/],
      ['empty prefix', { namespace, target: { prefix: '' } }, /target\.prefix is empty/],
      ['kube-system', { namespace: 'kube-system', target: { prefix: 'x' } }, /kube-system/],
      ['share', { namespace, target: { prefix: 'vllm-decode-worker' }, count: 'all', maxTargetShare: 0.5 }, /maxTargetShare 50%/],
      ['too many', { namespace, target: { prefix: 'vllm-decode-worker' }, count: 5 }, /only 3 Running pod/],
    ];
    for (const [name, spec, message] of cases) {
      await assert.rejects(engine.inject(spec as never), (error: Error) => {
        assert.ok(error instanceof RefusedError || error instanceof ValidationError, `${name}: ${error.name}`);
        assert.match(error.message, message, name);
        return true;
      });
    }
    await createRunningPods(c.kube, namespace, [idlePod('hostnet-0', {}, { hostNetwork: true })]);
    await assert.rejects(engine.inject({ namespace, target: { prefix: 'hostnet' } }), /use hostNetwork/);
    await c.kube.net.createNamespacedNetworkPolicy({
      namespace,
      body: {
        metadata: { name: 'allow-nats' },
        spec: {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'worker' } },
          policyTypes: ['Egress'],
          egress: [{ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'nats' } } }] }],
        },
      },
    });
    await assert.rejects(engine.inject({ namespace, target: { prefix: 'vllm-decode-worker' } }), /NetworkPolicy "allow-nats"/);
    await assertNoLeftovers(c.kube, namespace, 'no partition policy and no target label after refusals');
  });

  test('sweep removes expired faults and stray labels but leaves live ones', async () => {
    const { c, namespace, engine, policies } = await setup('engine-sweep');
    const live = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker-0' }, duration: 600 });
    // Without an expiry Job, which would otherwise remove it (≤ 2 s after its expiry) before or during the sweep below.
    const expired = await createFaultEngine(c.kube, { namespaces: [namespace], expiryJob: false }).inject({
      namespace,
      target: { prefix: 'vllm-decode-worker-1' },
      duration: 1,
    });
    await c.kube.core.patchNamespacedPod(
      { name: 'vllm-decode-worker-2', namespace, body: { metadata: { labels: { [targetLabelKey('strayfault1')]: 'target' } } } },
      mergePatch,
    );
    // Until the 1 s fault has certainly expired (it expires 1 s after its inject wrote expiresAt, whenever that ran).
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(expired.expiresAt) - Date.now()) + 100));
    const report = await engine.sweep({ namespaces: [namespace] });
    assert.deepEqual(
      report.deletedPolicies.map((d) => [d.faultId, d.reason]),
      [[expired.id, 'expired']],
    );
    assert.deepEqual(
      report.removedLabels.map((r) => r.faultId),
      ['strayfault1'],
      "only the earlier release's stray label: a fault's uid labels are not its state",
    );
    assert.deepEqual(
      (await policies()).map((p) => p.metadata?.labels?.[LABEL_FAULT_ID]),
      [live.id],
    );
    await engine.recover(live.id);
  });

  test('sweep removes a policy that has selected no pod for longer than the grace period, and only that one', async () => {
    const { c, namespace, engine, policies } = await setup('engine-targetless');
    const kept = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker-0' }, duration: 3600 });
    const abandoned = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker-1' }, duration: 3600 });
    await c.kube.core.patchNamespacedPod({ name: 'vllm-decode-worker-1', namespace, body: { metadata: { labels: { [LABEL_POD_UID]: null } } } }, mergePatch);
    const fresh = await engine.sweep({ namespaces: [namespace] });
    assert.deepEqual(fresh.deletedPolicies, [], 'within the grace period an unlabelled policy may be an injection in flight');
    const later = createFaultEngine(c.kube, { namespaces: [namespace], now: () => new Date(Date.now() + 61_000) });
    const report = await later.sweep({ namespaces: [namespace] });
    assert.deepEqual(
      report.deletedPolicies.map((d) => [d.faultId, d.reason]),
      [[abandoned.id, 'orphaned']],
    );
    assert.deepEqual(
      (await policies()).map((p) => p.metadata?.labels?.[LABEL_FAULT_ID]),
      [kept.id],
    );
    await engine.recover(kept.id);
  });
});
