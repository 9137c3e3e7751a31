// Events on the testbed: what `kubectl describe pod` and `kubectl get events` show of a fault's life, written by
// whichever process ended it (the injector, another engine, a timer, a sweep), and never the reason an inject fails.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CoreV1Event } from '@kubernetes/client-node';
import { createFaultEngine } from '../../runner/faults/engine.ts';
import { LABEL_EVENT_REASON } from '../../runner/faults/events/build.ts';
import type { Kube } from '../../runner/kube/client.ts';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { createOwnerJob } from '../crash/cluster-state.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';

const suite = clusterSuite();

/** The Events `kubectl describe` shows for an object: core/v1 by involvedObject name and uid, oldest first. */
async function described(kube: Kube, namespace: string, kind: string, name: string, uid: string): Promise<CoreV1Event[]> {
  const fieldSelector = `involvedObject.kind=${kind},involvedObject.name=${name},involvedObject.uid=${uid}`;
  const events = (await kube.core.listNamespacedEvent({ namespace, fieldSelector })).items;
  return events.filter((e) => e.reportingComponent === 'netpart.dev/fault-engine').sort((a, b) => String(a.eventTime).localeCompare(String(b.eventTime)));
}

const reasonsOf = (events: CoreV1Event[], faultId: string) =>
  events.filter((e) => e.metadata?.labels?.['netpart.dev/fault-id'] === faultId).map((e) => e.reason);

describe('fault Events on the testbed', { skip: suite.skip, timeout: 120_000 }, () => {
  test('inject and recover: describe pod and describe job show FaultInjected, the warning and FaultRecovered', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('events-life');
    const pods = await createRunningPods(kube, namespace, dynamoPods());
    const runner = await createOwnerJob(kube, namespace, 'runner');
    const engine = createFaultEngine(kube, { namespaces: [namespace] });
    const fault = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker' }, duration: 300 }, { ownerJob: runner });
    await engine.recover(fault.id, namespace);
    const target = pods.find((p) => p.metadata?.name === 'vllm-decode-worker-0')!;
    const onPod = await described(kube, namespace, 'Pod', 'vllm-decode-worker-0', target.metadata!.uid!);
    assert.deepEqual(reasonsOf(onPod, fault.id).sort(), ['FaultInjected', 'FaultRecovered', 'FaultWarning']);
    const injected = onPod.find((e) => e.reason === 'FaultInjected')!;
    assert.equal(injected.type, 'Normal');
    assert.match(
      injected.message ?? '',
      new RegExp(`fault ${fault.id}: NetworkPolicy ${fault.policyName} cuts vllm-decode-worker-0 off from nats-0 \\(egress\\); expires at ${fault.expiresAt}`),
    );
    assert.equal(injected.related?.name, runner.name, 'related: the runner Job');
    assert.equal(onPod.find((e) => e.reason === 'FaultWarning')?.type, 'Warning');
    assert.match(onPod.find((e) => e.reason === 'FaultWarning')?.message ?? '', /established connections may survive/);
    const onJob = await described(kube, namespace, 'Job', runner.name, runner.uid);
    assert.deepEqual(reasonsOf(onJob, fault.id).sort(), ['FaultInjected', 'FaultRecovered', 'FaultWarning']);
    assert.deepEqual(
      reasonsOf(
        await described(kube, namespace, 'Pod', 'vllm-decode-worker-1', pods.find((p) => p.metadata?.name === 'vllm-decode-worker-1')!.metadata!.uid!),
        fault.id,
      ),
      [],
      'no Event on pods the fault did not touch',
    );
  });

  test('the ending is written by whoever ends it: another engine (FaultRecovered), a timer (FaultExpired), a sweep (FaultSwept)', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('events-end');
    await createRunningPods(kube, namespace, dynamoPods());
    const engine = createFaultEngine(kube, { namespaces: [namespace] });
    const byOther = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker-0' }, duration: 300 });
    const held = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker-1' }, duration: 2 });
    const swept = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker-2' }, duration: 300 });
    engine.hold(held);
    // A second engine knows nothing of these faults: it finds their pods through the FaultInjected Events.
    await createFaultEngine(kube, { namespaces: [namespace] }).recover(byOther.id, namespace);
    const ending = async (faultId: string) => {
      const events = (await kube.events.listNamespacedEvent({ namespace, labelSelector: `netpart.dev/fault-id=${faultId},${LABEL_EVENT_REASON}` })).items;
      return events.filter((e) => e.reason !== 'FaultInjected' && e.reason !== 'FaultWarning').map((e) => `${e.reason} ${e.regarding?.name}`);
    };
    assert.deepEqual(await ending(byOther.id), ['FaultRecovered vllm-decode-worker-0']);
    assert.deepEqual(await waitFor('the held fault to expire', async () => (await ending(held.id)).length > 0 && ending(held.id)), [
      'FaultExpired vllm-decode-worker-1',
    ]);
    await engine.release();
    // A sweep that sees the last fault's expiry passed (a clock 10 minutes ahead) removes it.
    await createFaultEngine(kube, { namespaces: [namespace], now: () => new Date(Date.now() + 600_000) }).sweep({ namespaces: [namespace] });
    assert.deepEqual(await ending(swept.id), ['FaultSwept vllm-decode-worker-2']);
    const trace = await engine.trace!(swept.id);
    assert.equal(trace?.ended?.reason, 'FaultSwept');
    assert.equal(trace?.fault?.expiresAt, swept.expiresAt, 'the fault record survives its policy in the FaultInjected Event');
    assert.equal(await engine.trace!('neverexisted1'), undefined);
  });
});
