// The expiry Job, the dead-man's switch of every fault: its spec (unit) and, on the testbed, that Kubernetes alone
// removes an expired fault with no netpart process doing anything, that recovery removes the Job, and that a caller
// who may not create Jobs is refused before anything exists.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFaultEngine } from '../../runner/faults/engine.ts';
import { expiryJob, expiryJobName, expiryTtlSeconds } from '../../runner/faults/expiry/job.ts';
import { ANNOTATION_OWNER_UID } from '../../runner/faults/labels.ts';
import { isNotFound, type Kube } from '../../runner/kube/client.ts';
import { RefusedError } from '../../runner/util/errors.ts';
import { clusterSuite, serviceAccountWithRules, waitFor } from '../support/cluster.ts';
import { assertNoLeftovers, leftovers } from '../support/leftovers.ts';
import { watchPolicyEnds } from '../support/policy-watch.ts';
import { createOwnerJob } from '../crash/cluster-state.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';

const at = (iso: string) => new Date(iso);

describe('expiry Job spec', () => {
  test('the TTL counts from the start of the second the Job finishes in, rounded up: never early', () => {
    assert.equal(expiryTtlSeconds(at('2026-01-01T00:00:05.000Z'), at('2026-01-01T00:00:00.000Z')), 5);
    assert.equal(expiryTtlSeconds(at('2026-01-01T00:00:05.200Z'), at('2026-01-01T00:00:00.900Z')), 6, '5.2 s after the second starts');
    assert.equal(expiryTtlSeconds(at('2026-01-01T00:00:05.900Z'), at('2026-01-01T00:00:00.100Z')), 6);
    assert.equal(expiryTtlSeconds(at('2026-01-01T00:00:00.000Z'), at('2026-01-01T00:00:09.000Z')), 0, 'already expired: deleted at once');
  });

  test('no pod ever: completions and parallelism 0; labelled; chained to a runner Job only in its own namespace', () => {
    const now = at('2026-01-01T00:00:00.500Z');
    const job = expiryJob({
      faultId: 'abc123def4',
      namespace: 'app',
      expiresAt: at('2026-01-01T00:01:00.000Z'),
      now,
      runnerJob: { name: 'run', uid: 'u1', namespace: 'app' },
    });
    assert.equal(job.metadata?.name, 'netpart-expiry-abc123def4');
    assert.equal(job.spec?.completions, 0);
    assert.equal(job.spec?.parallelism, 0);
    assert.equal(job.spec?.ttlSecondsAfterFinished, 60);
    assert.equal(job.metadata?.labels?.['netpart.dev/fault-id'], 'abc123def4');
    assert.deepEqual(
      job.metadata?.ownerReferences?.map((r) => [r.kind, r.name, r.uid]),
      [['Job', 'run', 'u1']],
    );
    const elsewhere = expiryJob({ faultId: 'abc123def4', namespace: 'app', expiresAt: now, now, runnerJob: { name: 'run', uid: 'u1', namespace: 'ci' } });
    assert.equal(elsewhere.metadata?.ownerReferences, undefined, 'ownerReferences cannot cross namespaces');
    assert.ok(expiryJobName('x'.repeat(24)).length <= 63, 'a Job name is also a label value');
  });
});

const suite = clusterSuite();

async function jobGone(kube: Kube, namespace: string, name: string): Promise<boolean> {
  try {
    await kube.batch.readNamespacedJob({ name, namespace });
    return false;
  } catch (error) {
    if (isNotFound(error)) return true;
    throw error;
  }
}

describe('expiry Job on the testbed', { skip: suite.skip, timeout: 120_000 }, () => {
  test('with nobody holding the fault, Kubernetes deletes the policy ≤ 2 s after its expiry; the Job never had a pod', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('expiry-alone');
    await createRunningPods(kube, namespace, dynamoPods());
    const runner = await createOwnerJob(kube, namespace, 'runner');
    const watch = await watchPolicyEnds(kube, namespace);
    try {
      // Not held: no timer of ours runs, and this engine makes no call until the policy is gone.
      const engine = createFaultEngine(kube, { namespaces: [namespace] });
      const fault = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker' }, duration: 3 }, { ownerJob: runner });
      const job = await kube.batch.readNamespacedJob({ name: expiryJobName(fault.id), namespace });
      assert.deepEqual(
        job.metadata?.ownerReferences?.map((r) => [r.name, r.uid]),
        [[runner.name, runner.uid]],
        'chained to the runner Job',
      );
      const policy = await kube.net.readNamespacedNetworkPolicy({ name: fault.policyName, namespace });
      assert.deepEqual(
        policy.metadata?.ownerReferences?.map((r) => [r.name, r.uid]),
        [[job.metadata?.name, job.metadata?.uid]],
        'owned by the expiry Job alone',
      );
      assert.equal(policy.metadata?.annotations?.[ANNOTATION_OWNER_UID], runner.uid);
      const end = await waitFor('the policy deleted by Kubernetes', async () => watch.ends.get(fault.id), 15_000);
      console.log(`expiry with no process: policy gone ${end.lateMs} ms after expiresAt`);
      assert.ok(end.lateMs >= 0, `removed ${-end.lateMs} ms before its expiry`);
      assert.ok(end.lateMs <= 2000, `removed ${end.lateMs} ms after its expiry (bound 2000)`);
      assert.ok(await jobGone(kube, namespace, expiryJobName(fault.id)), 'the expiry Job went first');
      const pods = await kube.core.listNamespacedPod({ namespace, labelSelector: `job-name=${expiryJobName(fault.id)}` });
      assert.deepEqual(pods.items, [], 'completions 0: no pod was ever made');
      // Nothing of the fault is left (the pods' uid labels are not fault state); a sweep finds nothing to remove.
      await assertNoLeftovers(kube, namespace, 'Kubernetes alone left nothing');
      const swept = await engine.sweep({ namespaces: [namespace] });
      assert.deepEqual([swept.deletedPolicies, swept.removedLabels], [[], []]);
      await assertNoLeftovers(kube, namespace);
    } finally {
      watch.stop();
    }
  });

  test('recover deletes the expiry Job with the policy; NETPART_EXPIRY_JOB=off makes none', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('expiry-recover');
    await createRunningPods(kube, namespace, dynamoPods());
    const engine = createFaultEngine(kube, { namespaces: [namespace] });
    const fault = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker' }, duration: 600 });
    assert.equal(await jobGone(kube, namespace, expiryJobName(fault.id)), false);
    await engine.recover(fault.id, namespace);
    assert.ok(await jobGone(kube, namespace, expiryJobName(fault.id)), 'recover removed the expiry Job');
    // A recover by another engine (the API after a restart) finds the Job by name too.
    const other = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker' }, duration: 600 });
    await createFaultEngine(kube, { namespaces: [namespace] }).recover(other.id, namespace);
    assert.ok(await jobGone(kube, namespace, expiryJobName(other.id)));
    const off = createFaultEngine(kube, { namespaces: [namespace], expiryJob: false });
    const plain = await off.inject({ namespace, target: { prefix: 'vllm-decode-worker' }, duration: 600 });
    assert.ok(await jobGone(kube, namespace, expiryJobName(plain.id)), 'no expiry Job when switched off');
    await off.recover(plain.id, namespace);
    await assertNoLeftovers(kube, namespace);
    assert.deepEqual(
      (await kube.batch.listNamespacedJob({ namespace })).items.map((j) => j.metadata?.name),
      [],
    );
  });

  test('a caller who may not create Jobs is refused before anything exists, and told which right is missing', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('expiry-rbac');
    await createRunningPods(kube, namespace, dynamoPods());
    // The runner's rights before expiry Jobs: no jobs create.
    const limited = await serviceAccountWithRules(cluster, namespace, 'old-runner', [
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'create', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'patch'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get'] },
    ]);
    const engine = createFaultEngine(limited, { namespaces: [namespace] });
    await assert.rejects(engine.inject({ namespace, target: { prefix: 'vllm-decode-worker' }, duration: 60 }), (error: Error) => {
      assert.ok(error instanceof RefusedError, error.name);
      assert.equal(error.reason, 'expiry-not-allowed');
      assert.match(error.message, /"create" and "delete" on jobs\.batch/);
      assert.match(error.message, /NETPART_EXPIRY_JOB=off/);
      return true;
    });
    await assertNoLeftovers(kube, namespace, 'a refused inject leaves nothing');
    // Events are best effort: this identity may not write them, and its inject (expiry Jobs off) still succeeds.
    const fault = await createFaultEngine(limited, { namespaces: [namespace], expiryJob: false }).inject({
      namespace,
      target: { prefix: 'vllm-decode-worker' },
      duration: 60,
    });
    assert.equal((await leftovers(kube, namespace)).policies.length, 1);
    await createFaultEngine(limited, { namespaces: [namespace], expiryJob: false }).recover(fault.id, namespace);
    await assertNoLeftovers(kube, namespace);
  });
});
