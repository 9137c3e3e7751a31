// The agent's pod informer against the testbed apiserver: it sees only pods matching its field selector, as typed
// objects, on creation, change and deletion, and its memory follows the API.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { isNotFound } from '../../../runner/kube/client.ts';
import { createLogger } from '../../../runner/log/logger.ts';
import { clusterSuite, waitFor } from '../../support/cluster.ts';
import { PodInformer } from '../../../testbed/agent/pod-informer.ts';

const c = clusterSuite();

// Bound to nodes no agent runs: the pods never start, and the testbed's own agent leaves them alone.
const boundPod = (name: string, nodeName: string): V1Pod => ({
  metadata: { name },
  spec: { nodeName, automountServiceAccountToken: false, containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10' }] },
});

describe('PodInformer (field-selected list + watch)', { skip: c.skip, timeout: 90_000 }, () => {
  test('reports only its node’s pods, typed, on add, change and delete', async () => {
    const cluster = c.get();
    const ns = await cluster.newNamespace('pod-informer');
    const node = `informer-${randomBytes(3).toString('hex')}`;
    const seen: Array<{ kind: 'upsert' | 'remove'; pod: V1Pod }> = [];
    const informer = new PodInformer(
      cluster.kube,
      `spec.nodeName=${node}`,
      { upsert: (pod) => seen.push({ kind: 'upsert', pod }), remove: (pod) => seen.push({ kind: 'remove', pod }) },
      createLogger({ name: 'pod-informer-test', level: 'silent' }),
    );
    after(() => informer.stop());
    await cluster.kube.core.createNamespacedPod({ namespace: ns, body: boundPod('listed', node) });
    await informer.start();
    assert.deepEqual(
      seen.map((e) => `${e.kind} ${e.pod.metadata?.name}`),
      ['upsert listed'],
      'the first list hands over the pod already there',
    );

    await cluster.kube.core.createNamespacedPod({ namespace: ns, body: boundPod('other-node', `${node}-not-mine`) });
    await cluster.kube.core.createNamespacedPod({ namespace: ns, body: boundPod('watched', node) });
    const added = await waitFor('the watched pod’s event', async () => seen.find((e) => e.pod.metadata?.name === 'watched'));
    assert.equal(added.kind, 'upsert');
    assert.ok(added.pod.metadata?.creationTimestamp instanceof Date, 'watch events are deserialized like the list (Dates, not strings)');

    await cluster.kube.core.patchNamespacedPod({ name: 'watched', namespace: ns, body: [{ op: 'add', path: '/metadata/labels', value: { changed: 'yes' } }] });
    await waitFor('the label change', async () => seen.some((e) => e.kind === 'upsert' && e.pod.metadata?.labels?.changed === 'yes'));

    await cluster.kube.core.deleteNamespacedPod({ name: 'watched', namespace: ns, gracePeriodSeconds: 0 });
    await waitFor('the deletion', async () => seen.some((e) => e.kind === 'remove' && e.pod.metadata?.name === 'watched'));
    assert.deepEqual(
      informer.pods().map((p) => p.metadata?.name),
      ['listed'],
      'memory follows the API',
    );
    assert.ok(!seen.some((e) => e.pod.metadata?.name === 'other-node'), 'a pod of another node is never reported');
    await cluster.kube.core.deleteNamespacedPod({ name: 'listed', namespace: ns, gracePeriodSeconds: 0 }).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  });
});
