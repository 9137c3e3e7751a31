// The engine's watch-backed view on the testbed: it follows the cluster, the engine injects from it exactly as from
// the API server, a stale target is refused by the label's uid check, and a sweep spares an inject in flight.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { createFaultEngine } from '../../runner/faults/engine.ts';
import { LABEL_POD_UID, POLICY_SELECTOR } from '../../runner/faults/labels.ts';
import { matchesLabelSelector } from '../../runner/faults/selector.ts';
import { labelPodUids } from '../../runner/faults/pod-uid-label.ts';
import { mergePatch, statusCode } from '../../runner/kube/client.ts';
import { WatchCache } from '../../runner/kube/watch-cache.ts';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { CONVERGE_TIMEOUT_MS } from '../support/wait.ts';
import { createRunningPods, dynamoPods, idlePod } from '../../testbed/index.ts';

const cluster = clusterSuite();

describe('watch-backed view on the testbed', { skip: cluster.skip }, () => {
  test('a WatchCache answers only once synced, then follows creates, label changes and deletes', async () => {
    const c = cluster.get();
    const namespace = await c.newNamespace('watch-cache');
    const cache = new WatchCache<V1Pod>(c.kube.config, { path: `/api/v1/namespaces/${namespace}/pods`, trim: (p) => p });
    assert.equal(cache.list(), undefined, 'nothing before start');
    cache.start();
    try {
      assert.equal(await cache.ready(CONVERGE_TIMEOUT_MS), true);
      assert.deepEqual(cache.list(), []);
      await c.kube.core.createNamespacedPod({ namespace, body: idlePod('p1', { app: 'x' }) });
      await waitFor('p1 in the cache', async () => cache.get('p1'));
      await c.kube.core.patchNamespacedPod({ name: 'p1', namespace, body: { metadata: { labels: { seen: 'yes' } } } }, mergePatch);
      await waitFor('the label in the cache', async () => cache.get('p1')?.metadata?.labels?.seen === 'yes' || undefined);
      await c.kube.core.deleteNamespacedPod({ name: 'p1', namespace, gracePeriodSeconds: 0 });
      await waitFor('p1 gone from the cache', async () => (cache.get('p1') ? undefined : true));
    } finally {
      cache.stop();
    }
    assert.equal(cache.list(), undefined, 'nothing after stop');
  });

  test('an engine with watch caches injects exactly what one without them does, and recovers', async () => {
    const c = cluster.get();
    const namespace = await c.newNamespace('engine-cached');
    await createRunningPods(c.kube, namespace, dynamoPods());
    const cached = createFaultEngine(c.kube, { namespaces: [namespace], watchCache: true });
    const direct = createFaultEngine(c.kube, { namespaces: [namespace] });
    try {
      assert.equal(await cached.warm(namespace, CONVERGE_TIMEOUT_MS), true, 'caches synced');
      for (const spec of [
        { namespace, target: { prefix: 'vllm-decode-worker' }, duration: 120 },
        { namespace, target: { selector: { 'app.kubernetes.io/name': 'worker' } }, count: 2, duration: 120 },
      ]) {
        const a = await cached.inject(spec);
        const b = await direct.inject(spec);
        assert.deepEqual(
          a.targetPods.map((p) => [p.name, p.uid]),
          b.targetPods.map((p) => [p.name, p.uid]),
        );
        assert.deepEqual(a.blockedPods, b.blockedPods);
        const policy = await c.kube.net.readNamespacedNetworkPolicy({ namespace, name: a.policyName });
        const pods = (await c.kube.core.listNamespacedPod({ namespace })).items;
        const selected = pods.filter((p) => matchesLabelSelector(policy.spec?.podSelector ?? {}, p.metadata?.labels ?? {})).map((p) => p.metadata?.name);
        assert.deepEqual(selected.sort(), a.targetPods.map((p) => p.name).sort());
        // Known only by its id (no namespace): found without a search, then recovered.
        assert.equal((await cached.get(a.id))?.namespace, namespace);
        assert.equal((await cached.recover(a.id)).recovered, true);
        assert.equal((await direct.recover(b.id, namespace)).recovered, true);
      }
      assert.equal((await c.kube.net.listNamespacedNetworkPolicy({ namespace, labelSelector: POLICY_SELECTOR })).items.length, 0);
    } finally {
      await cached.release();
      await direct.release();
    }
  });

  test('a target replaced under the same name since it was read is refused by the uid label patch (uid check)', async () => {
    const c = cluster.get();
    const namespace = await c.newNamespace('stale-target');
    const [old] = await createRunningPods(c.kube, namespace, [idlePod('w-0', { app: 'w' })]);
    await c.kube.core.deleteNamespacedPod({ name: 'w-0', namespace, gracePeriodSeconds: 0 });
    await waitFor('w-0 deleted', async () =>
      c.kube.core.readNamespacedPod({ name: 'w-0', namespace }).then(
        () => undefined,
        () => true,
      ),
    );
    await createRunningPods(c.kube, namespace, [idlePod('w-0', { app: 'w' })]);
    await assert.rejects(labelPodUids(c.kube, namespace, [old!]), (error: unknown) => statusCode(error) === 422);
    const current = await c.kube.core.readNamespacedPod({ name: 'w-0', namespace });
    assert.equal(current.metadata?.labels?.[LABEL_POD_UID], undefined, 'the new pod was not labelled');
    await labelPodUids(c.kube, namespace, [current]);
    const labelled = await c.kube.core.readNamespacedPod({ name: 'w-0', namespace });
    assert.equal(labelled.metadata?.labels?.[LABEL_POD_UID], current.metadata?.uid);
  });
});
