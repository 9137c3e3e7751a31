// The sweep and a target label whose policy is not there: an inject in flight (spared) or a crash's leftover (removed).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFaultEngine, newFaultId } from '../../runner/faults/engine.ts';
import { mergePatch } from '../../runner/kube/client.ts';
import { jobOwner, targetLabelKey } from '../../runner/faults/labels.ts';
import { LABEL_IN_FLIGHT_GRACE_MS } from '../../runner/faults/sweep.ts';
import { labelTargets } from '../../runner/faults/targets.ts';
import { clusterSuite } from '../support/cluster.ts';
import { createOwnerJob, deleteOwnerJobOrphaning } from '../crash/cluster-state.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';

const cluster = clusterSuite();

describe('sweep: target labels without their policy', { skip: cluster.skip }, () => {
  test('a young label whose owner lives is spared; gone or replaced owner, no mark, expiry or grace passed remove it, mark and all', async () => {
    const c = cluster.get();
    const namespace = await c.newNamespace('sweep-in-flight');
    const pods = await createRunningPods(c.kube, namespace, dynamoPods());
    const pod = (name: string) => pods.find((p) => p.metadata?.name === name)!;
    const runner = await createOwnerJob(c.kube, namespace, 'runner-live');
    const gone = await createOwnerJob(c.kube, namespace, 'runner-gone');
    const injectedAt = new Date().toISOString();
    const expiresAt = new Date(Date.now() + 600_000).toISOString();
    const faults = { liveJob: newFaultId(), goneJob: newFaultId(), local: newFaultId(), replaced: newFaultId(), unmarked: newFaultId(), expired: newFaultId() };
    await Promise.all([
      labelTargets(c.kube, namespace, faults.liveJob, [pod('vllm-decode-worker-0')], {
        injectedAt,
        expiresAt,
        owner: jobOwner(namespace, runner.name),
        ownerUid: runner.uid,
      }),
      labelTargets(c.kube, namespace, faults.goneJob, [pod('vllm-decode-worker-1')], {
        injectedAt,
        expiresAt,
        owner: jobOwner(namespace, gone.name),
        ownerUid: gone.uid,
      }),
      labelTargets(c.kube, namespace, faults.local, [pod('vllm-decode-worker-2')], { injectedAt, expiresAt, owner: 'cli/someone@host' }),
      // A Job of the same name, another uid: the runner that labelled is gone.
      labelTargets(c.kube, namespace, faults.replaced, [pod('vllm-decode-worker-2')], {
        injectedAt,
        expiresAt,
        owner: jobOwner(namespace, runner.name),
        ownerUid: 'not-the-uid',
      }),
      // Its owner lives, but the fault's end has passed: nothing in flight ends after its expiry.
      labelTargets(c.kube, namespace, faults.expired, [pod('vllm-decode-worker-1')], {
        injectedAt,
        expiresAt: injectedAt,
        owner: jobOwner(namespace, runner.name),
        ownerUid: runner.uid,
      }),
      c.kube.core.patchNamespacedPod(
        { name: 'vllm-frontend-0', namespace, body: { metadata: { labels: { [targetLabelKey(faults.unmarked)]: 'target' } } } },
        mergePatch,
      ),
    ]);
    await deleteOwnerJobOrphaning(c.kube, gone);
    const engine = createFaultEngine(c.kube, { namespaces: [namespace], expiryJob: false });

    const first = await engine.sweep({ namespaces: [namespace] });
    assert.deepEqual(first.removedLabels.map((r) => r.faultId).sort(), [faults.goneJob, faults.replaced, faults.unmarked, faults.expired].sort());

    const later = createFaultEngine(c.kube, { namespaces: [namespace], now: () => new Date(Date.now() + LABEL_IN_FLIGHT_GRACE_MS + 1000) });
    const second = await later.sweep({ namespaces: [namespace] });
    assert.deepEqual(second.removedLabels.map((r) => r.faultId).sort(), [faults.liveJob, faults.local].sort(), 'past the grace, even a live owner’s');

    const left = (await c.kube.core.listNamespacedPod({ namespace })).items.flatMap((p) => [
      ...Object.keys(p.metadata?.labels ?? {}),
      ...Object.keys(p.metadata?.annotations ?? {}),
    ]);
    assert.deepEqual(
      left.filter((k) => Object.values(faults).some((id) => k === targetLabelKey(id))),
      [],
      'no target label and no mark left',
    );
  });
});
