// Ownership: the garbage collector alone removes a dead Job's policies (through their expiry Jobs), and two runners with overlapping targets
// never recover or sweep each other's live faults.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createFaultEngine } from '../../runner/faults/engine.ts';
import { expiryJobName } from '../../runner/faults/expiry/job.ts';
import type { Fault } from '../../runner/faults/types.ts';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';
import { assertNoLeftovers, leftovers } from '../support/leftovers.ts';
import { createOwnerJob, deleteOwnerJobOrphaning } from './cluster-state.ts';

const suite = clusterSuite();
const WORKERS = { prefix: 'vllm-decode-worker' };

describe('crash safety: owners', { skip: suite.skip, timeout: 120_000 }, () => {
  test('after the owner Job is deleted, the garbage collector alone removes its policies', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('crash-gc');
    await createRunningPods(kube, namespace, dynamoPods());
    const owner = await createOwnerJob(kube, namespace, 'runner-gc');
    const engine = createFaultEngine(kube, { namespaces: [namespace] });
    const faults = [
      await engine.inject({ namespace, target: WORKERS, count: 2 }, { ownerJob: owner }),
      await engine.inject({ namespace, target: { prefix: 'vllm-frontend' } }, { ownerJob: owner }),
    ];
    // The chain: runner Job → expiry Job → policy (the policy's only owner is its expiry Job).
    const policy = await kube.net.readNamespacedNetworkPolicy({ name: faults[0]!.policyName, namespace });
    const expiry = await kube.batch.readNamespacedJob({ name: expiryJobName(faults[0]!.id), namespace });
    assert.deepEqual(
      policy.metadata?.ownerReferences?.map((r) => [r.kind, r.name, r.uid]),
      [['Job', expiry.metadata?.name, expiry.metadata?.uid]],
    );
    assert.deepEqual(
      expiry.metadata?.ownerReferences?.map((r) => [r.kind, r.name, r.uid]),
      [['Job', owner.name, owner.uid]],
    );
    // No sweep and no engine call from here on: only the API server's garbage collector acts.
    await kube.batch.deleteNamespacedJob({ name: owner.name, namespace, propagationPolicy: 'Background' });
    await waitFor('GC to delete the owned policies', async () => (await leftovers(kube, namespace)).policies.length === 0, 60_000);
    // Nothing outlives the GC: the pods' uid labels are not fault state, and with no policy no pod is bound to a fault.
    await assertNoLeftovers(kube, namespace, 'the GC alone leaves nothing of the faults');
    await engine.sweep({ namespaces: [namespace] });
    await assertNoLeftovers(kube, namespace);
  });

  test('two runners on the same pods never recover or sweep each other’s live faults', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('crash-overlap');
    await createRunningPods(kube, namespace, dynamoPods());
    const jobA = await createOwnerJob(kube, namespace, 'runner-a');
    const jobB = await createOwnerJob(kube, namespace, 'runner-b');
    const a = createFaultEngine(kube, { namespaces: [namespace] });
    const b = createFaultEngine(kube, { namespaces: [namespace] });
    const liveB: Fault = await b.inject({ namespace, target: WORKERS, count: 'all', duration: 600 }, { ownerJob: jobB, owner: `job/${namespace}/runner-b` });
    b.hold(liveB);
    const bIntact = async (when: string) => {
      const left = await leftovers(kube, namespace);
      assert.ok(left.policies.includes(liveB.id), `${when}: runner B's policy is gone`);
      const labelled = left.labels
        .filter((l) => l.faultId === liveB.id)
        .map((l) => l.pod)
        .sort();
      assert.deepEqual(labelled, liveB.targetPods.map((p) => p.name).sort(), `${when}: runner B's policy selects other pods`);
    };
    // A works on exactly B's pods, with short expiries held in-process, sweeping concurrently all the while.
    for (let round = 0; round < 6; round++) {
      const mine = await Promise.all([
        a.inject({ namespace, target: WORKERS, count: 'all', duration: 1 }, { ownerJob: jobA, owner: `job/${namespace}/runner-a` }),
        a.inject({ namespace, target: WORKERS, count: 2, duration: 600 }, { ownerJob: jobA, owner: `job/${namespace}/runner-a` }),
      ]);
      for (const f of mine) a.hold(f);
      const [swept] = await Promise.all([a.sweep({ namespaces: [namespace] }), a.recover(mine[1].id, namespace)]);
      assert.ok(!swept.deletedPolicies.some((d) => d.faultId === liveB.id), 'A swept B');
      assert.ok(!swept.removedLabels.some((d) => d.faultId === liveB.id), 'A unlabelled B');
      await bIntact(`round ${round}`);
    }
    // A's held 1 s faults expire on their own timers; B's stays.
    await waitFor("A's expired faults recovered by A's timers", async () => (await leftovers(kube, namespace)).policies.length === 1);
    await bIntact('after A’s expiries');
    // A's Job finishes (deleted, orphaning): B's sweep removes what A left, and still nothing of B's own.
    const stranded = await a.inject({ namespace, target: WORKERS, count: 3, duration: 600 }, { ownerJob: jobA, owner: `job/${namespace}/runner-a` });
    await a.release();
    await deleteOwnerJobOrphaning(kube, jobA);
    const swept = await b.sweep({ namespaces: [namespace] });
    assert.deepEqual(
      swept.deletedPolicies.map((d) => d.faultId),
      [stranded.id],
    );
    await bIntact('after B swept A’s leftovers');
    // Recovering B's fault through A's engine is possible by id (ids are the capability), so ids must not collide.
    assert.notEqual(stranded.id, liveB.id);
    assert.ok(!(await leftovers(kube, namespace)).labels.some((l) => l.faultId === stranded.id), 'no pod is bound to the swept fault');
    await b.recover(liveB.id, namespace);
    await b.release();
    await assertNoLeftovers(kube, namespace);
  });
});
