// Expiry Jobs shared by a burst (runner/faults/expiry/groups.ts), on the testbed: the faults one engine injects together
// are owned by one Job named by an id of its own; it goes when the engine has recovered all of them, never when another
// process recovers one of them, and Kubernetes alone removes every policy it owns at the burst's expiry.
// A long-lived engine also keeps a Job open to later injects for a short window (reuse), then deletes it when emptied,
// or keeps it as a spare that a later expiry second re-arms with a TTL patch (spares).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createFaultEngine } from '../../runner/faults/engine.ts';
import { expiryJobName } from '../../runner/faults/expiry/job.ts';
import { isNotFound, type Kube } from '../../runner/kube/client.ts';
import type { Fault } from '../../runner/faults/types.ts';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { assertNoLeftovers } from '../support/leftovers.ts';
import { watchPolicyEnds } from '../support/policy-watch.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';
import { Writable } from 'node:stream';
import { EVENTS } from '../../runner/contract/events.ts';
import { createLogger, type Logger } from '../../runner/log/logger.ts';
import { serviceAccountWithRules } from '../support/cluster.ts';

const suite = clusterSuite();

async function exists(kube: Kube, kind: 'job' | 'policy', namespace: string, name: string): Promise<boolean> {
  try {
    await (kind === 'job' ? kube.batch.readNamespacedJob({ name, namespace }) : kube.net.readNamespacedNetworkPolicy({ name, namespace }));
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** The name of the one Job that owns every fault's policy (fails when they differ). */
async function sharedOwner(kube: Kube, namespace: string, faults: Fault[]): Promise<string> {
  const owners = new Set<string>();
  for (const fault of faults) {
    const policy = await kube.net.readNamespacedNetworkPolicy({ name: fault.policyName, namespace });
    for (const ref of policy.metadata?.ownerReferences ?? []) owners.add(ref.name);
  }
  assert.equal(owners.size, 1, `one owner for the burst, got ${[...owners].join(', ')}`);
  return [...owners][0]!;
}

const WORKERS = ['vllm-decode-worker-0', 'vllm-decode-worker-1', 'vllm-decode-worker-2'];

/**
 * An engine as the API service and the runner run it (watch caches, warmed): a burst's plans come from memory, so its
 * injects reach their expiry Job together, within the same second of expiry. `reuseMs` 0: a burst alone shares.
 */
async function burstEngine(kube: Kube, namespace: string, options: { reuseMs?: number; spareMs?: number; now?: () => Date; logger?: Logger } = {}) {
  const engine = createFaultEngine(kube, {
    namespaces: [namespace],
    watchCache: true,
    expiryJobReuseMs: options.reuseMs ?? 0,
    expiryJobSpareMs: options.spareMs ?? 0,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  after(() => engine.release());
  assert.ok(await engine.warm(namespace, 30_000), 'the watch caches synced');
  return engine;
}

describe('expiry Jobs shared by a burst', { skip: suite.skip, timeout: 120_000 }, () => {
  test('one Job for faults injected together; recovering some keeps it, recovering all deletes it; alone, a fault has its own', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('expiry-burst');
    await createRunningPods(kube, namespace, dynamoPods());
    const engine = await burstEngine(kube, namespace);
    const faults = await Promise.all(WORKERS.map((prefix) => engine.inject({ namespace, target: { prefix }, duration: 600 })));
    const job = await sharedOwner(kube, namespace, faults);
    assert.ok(job.startsWith('netpart-expiry-'), job);
    assert.ok(!faults.some((f) => expiryJobName(f.id) === job), 'a shared Job is named by an id no fault has');
    const read = await kube.batch.readNamespacedJob({ name: job, namespace });
    const latest = Math.max(...faults.map((f) => Date.parse(f.expiresAt)));
    assert.ok(Date.parse(read.metadata?.annotations?.['netpart.dev/expires-at'] ?? '') >= latest, 'the Job ends no earlier than any of its faults');

    await engine.recover(faults[0]!.id, namespace);
    await engine.recover(faults[1]!.id, namespace);
    assert.ok(await exists(kube, 'job', namespace, job), 'still owns the third fault');
    assert.ok(await exists(kube, 'policy', namespace, faults[2]!.policyName), 'the third partition stays');
    await engine.recover(faults[2]!.id, namespace);
    assert.equal(await exists(kube, 'job', namespace, job), false, 'the last recovery deleted it');

    const alone = await engine.inject({ namespace, target: { prefix: WORKERS[0]! }, duration: 600 });
    assert.equal(await sharedOwner(kube, namespace, [alone]), expiryJobName(alone.id), 'a fault alone keeps its own Job, named by its id');
    await engine.recover(alone.id, namespace);
    await assertNoLeftovers(kube, namespace);
  });

  test('another process recovering one fault of a burst leaves the shared Job and the other partitions alone', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('expiry-burst-foreign');
    await createRunningPods(kube, namespace, dynamoPods());
    const engine = await burstEngine(kube, namespace);
    const faults = await Promise.all(WORKERS.map((prefix) => engine.inject({ namespace, target: { prefix }, duration: 600 })));
    const job = await sharedOwner(kube, namespace, faults);
    // The API service after a restart, or `fault-inject recover <id>`: it knows nothing of the burst.
    const other = createFaultEngine(kube, { namespaces: [namespace] });
    assert.equal((await other.recover(faults[0]!.id, namespace)).recovered, true);
    assert.ok(await exists(kube, 'job', namespace, job), 'the shared Job survives a foreign recover');
    for (const fault of faults.slice(1)) assert.ok(await exists(kube, 'policy', namespace, fault.policyName), `${fault.id} still partitioned`);
    await engine.recover(faults[1]!.id, namespace);
    await engine.recover(faults[2]!.id, namespace);
    // Our engine still counts the fault the other process recovered: the Job stays (its TTL would remove it) ...
    assert.ok(await exists(kube, 'job', namespace, job));
    // ... until our engine is told to recover that one too: nothing left to delete but the Job.
    assert.equal((await engine.recover(faults[0]!.id, namespace)).recovered, false);
    assert.equal(await exists(kube, 'job', namespace, job), false);
    await assertNoLeftovers(kube, namespace);
  });

  test('with nobody holding them, Kubernetes removes every policy of the burst at its expiry, none early', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('expiry-burst-alone');
    await createRunningPods(kube, namespace, dynamoPods());
    const watch = await watchPolicyEnds(kube, namespace);
    try {
      const engine = await burstEngine(kube, namespace);
      const faults = await Promise.all(WORKERS.map((prefix) => engine.inject({ namespace, target: { prefix }, duration: 3 })));
      const job = await sharedOwner(kube, namespace, faults);
      for (const fault of faults) {
        const end = await waitFor(`policy of ${fault.id} deleted by Kubernetes`, async () => watch.ends.get(fault.id), 20_000);
        assert.ok(end.lateMs >= 0, `removed ${-end.lateMs} ms before its expiry`);
        assert.ok(end.lateMs <= 3000, `removed ${end.lateMs} ms after its expiry (bound 3000: the burst's second, then the TTL's)`);
      }
      assert.equal(await exists(kube, 'job', namespace, job), false, 'the TTL removed the shared Job');
      await engine.sweep({ namespaces: [namespace] });
      await assertNoLeftovers(kube, namespace);
    } finally {
      watch.stop();
    }
  });
});

describe('expiry Jobs reused by later injects (a long-lived engine)', { skip: suite.skip, timeout: 120_000 }, () => {
  // A clock that stands still: every fault of the test ends in the same second, so only the reuse window decides.
  const frozen = new Date();
  const now = () => new Date(frozen);
  const REUSE_MS = 3000;

  test('faults injected one after another within the window share one Job; it goes when the window has passed and all are recovered', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('expiry-reuse');
    await createRunningPods(kube, namespace, dynamoPods());
    const engine = await burstEngine(kube, namespace, { reuseMs: REUSE_MS, now });
    const opened = Date.now();
    const first = await engine.inject({ namespace, target: { prefix: WORKERS[0]! }, duration: 600 });
    const second = await engine.inject({ namespace, target: { prefix: WORKERS[1]! }, duration: 600 });
    const job = await sharedOwner(kube, namespace, [first, second]);
    assert.ok(Date.now() - opened < REUSE_MS, 'both injects ran within the window (else the machine is too slow for this test)');
    assert.ok(![first, second].some((f) => expiryJobName(f.id) === job), 'a reusable Job is named by an id no fault has');
    await engine.recover(first.id, namespace);
    await engine.recover(second.id, namespace);
    await waitFor('the emptied Job deleted once its window has passed', async () => !(await exists(kube, 'job', namespace, job)), REUSE_MS + 30_000);

    // After the window, a new Job: the old one is never joined again.
    const third = await engine.inject({ namespace, target: { prefix: WORKERS[2]! }, duration: 600 });
    const next = await sharedOwner(kube, namespace, [third]);
    assert.notEqual(next, job);
    // A live fault keeps its Job past the window ...
    await new Promise((r) => setTimeout(r, REUSE_MS + 500));
    assert.ok(await exists(kube, 'job', namespace, next), 'the window closing does not delete a Job a live fault needs');
    // ... and its recovery, the window closed, deletes it at once.
    await engine.recover(third.id, namespace);
    assert.equal(await exists(kube, 'job', namespace, next), false);
    await assertNoLeftovers(kube, namespace);
  });

  test('release() deletes a Job whose faults are all recovered while its window is still open; live faults keep theirs', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('expiry-reuse-release');
    await createRunningPods(kube, namespace, dynamoPods());
    const engine = createFaultEngine(kube, { namespaces: [namespace], watchCache: true, expiryJobReuseMs: 60_000, expiryJobSpareMs: 0, now });
    assert.ok(await engine.warm(namespace, 30_000), 'the watch caches synced');
    const done = await engine.inject({ namespace, target: { prefix: WORKERS[0]! }, duration: 600 });
    await engine.recover(done.id, namespace);
    const emptied = (await kube.batch.listNamespacedJob({ namespace, labelSelector: 'netpart.dev/role=expiry' })).items.map((j) => j.metadata?.name);
    assert.equal(emptied.length, 1, 'the emptied Job waits for its window (60 s) or the release');
    // A live fault in another expiry second (other duration): its own group, which the release must keep.
    const live = await engine.inject({ namespace, target: { prefix: WORKERS[1]! }, duration: 900 });
    const liveJob = await sharedOwner(kube, namespace, [live]);
    await engine.release();
    assert.equal(await exists(kube, 'job', namespace, emptied[0]!), false, 'release deleted the emptied Job');
    assert.ok(await exists(kube, 'job', namespace, liveJob), 'the live fault keeps its Job');
    assert.ok(await exists(kube, 'policy', namespace, live.policyName));
    await createFaultEngine(kube, { namespaces: [namespace] }).recover(live.id, namespace);
    await assertNoLeftovers(kube, namespace);
  });
});

describe('emptied expiry Jobs re-armed for later faults (spares)', { skip: suite.skip, timeout: 120_000 }, () => {
  const jobsIn = async (kube: Kube, namespace: string) =>
    (await kube.batch.listNamespacedJob({ namespace, labelSelector: 'netpart.dev/role=expiry' })).items.map((j) => j.metadata?.name ?? '');
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  test('a later expiry second re-arms the emptied Job; nobody holding it, Kubernetes removes the policy at the new expiry, not the old', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('expiry-spare');
    await createRunningPods(kube, namespace, dynamoPods());
    const watch = await watchPolicyEnds(kube, namespace);
    try {
      const engine = await burstEngine(kube, namespace, { reuseMs: 300, spareMs: 60_000 });
      const started = Date.now();
      const first = await engine.inject({ namespace, target: { prefix: WORKERS[0]! }, duration: 9 });
      const job = await sharedOwner(kube, namespace, [first]);
      await engine.recover(first.id, namespace);
      assert.deepEqual(await jobsIn(kube, namespace), [job], 'the emptied Job is kept as a spare');
      await pause(400);
      const second = await engine.inject({ namespace, target: { prefix: WORKERS[1]! }, duration: 15 });
      assert.ok(Date.now() - started < 3500, 'the spare was still > 5 s from its TTL (else the machine is too slow for this test)');
      assert.equal(await sharedOwner(kube, namespace, [second]), job, 're-armed, not a new Job');
      assert.deepEqual(await jobsIn(kube, namespace), [job], 'no other Job was made');
      const read = await kube.batch.readNamespacedJob({ name: job, namespace });
      const secondEnds = Math.ceil(Date.parse(second.expiresAt) / 1000) * 1000;
      assert.equal(read.metadata?.annotations?.['netpart.dev/expires-at'], new Date(secondEnds).toISOString(), 'its expiry is the new fault’s second');
      // Nobody recovers it: Kubernetes alone ends it, at its own expiry, ~6 s after the first fault's TTL would have.
      const end = await waitFor(`policy of ${second.id} deleted by Kubernetes`, async () => watch.ends.get(second.id), 40_000);
      assert.ok(end.lateMs >= 0, `removed ${-end.lateMs} ms before its expiry (the first fault's TTL was not re-armed)`);
      assert.ok(end.lateMs <= 3000, `removed ${end.lateMs} ms after its expiry`);
      await waitFor('the TTL removed the re-armed Job', async () => !(await exists(kube, 'job', namespace, job)), 20_000);
      await engine.sweep({ namespaces: [namespace] });
      await assertNoLeftovers(kube, namespace);
    } finally {
      watch.stop();
    }
  });

  test('a spare whose TTL fires within 5 s is not re-armed; release() deletes the spares', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('expiry-spare-margin');
    await createRunningPods(kube, namespace, dynamoPods());
    const engine = await burstEngine(kube, namespace, { reuseMs: 300, spareMs: 60_000 });
    const short = await engine.inject({ namespace, target: { prefix: WORKERS[0]! }, duration: 3 });
    const shortJob = await sharedOwner(kube, namespace, [short]);
    await engine.recover(short.id, namespace);
    await pause(400);
    const long = await engine.inject({ namespace, target: { prefix: WORKERS[1]! }, duration: 600 });
    const longJob = await sharedOwner(kube, namespace, [long]);
    assert.notEqual(longJob, shortJob, 'a Job about to be removed by its TTL is not re-armed');
    await engine.recover(long.id, namespace);
    assert.ok(await exists(kube, 'job', namespace, longJob), 'kept as a spare');
    await engine.release();
    assert.equal(await exists(kube, 'job', namespace, longJob), false, 'release deleted the spare');
    await waitFor('the short spare gone too', async () => (await jobsIn(kube, namespace)).length === 0, 20_000);
    await assertNoLeftovers(kube, namespace);
  });

  test('an identity that may not patch Jobs (RBAC of an earlier release) gets a new Job, one warning, and no spares after', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('expiry-spare-rbac');
    await createRunningPods(kube, namespace, dynamoPods());
    const limited = await serviceAccountWithRules(cluster, namespace, 'earlier-runner', [
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'patch'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'create', 'delete'] },
      { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create'] },
    ]);
    const lines: string[] = [];
    const logger = createLogger(
      { level: 'warn' },
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const engine = await burstEngine(limited, namespace, { reuseMs: 300, spareMs: 60_000, logger });
    const first = await engine.inject({ namespace, target: { prefix: WORKERS[0]! }, duration: 600 });
    const firstJob = await sharedOwner(kube, namespace, [first]);
    await engine.recover(first.id, namespace);
    await pause(400);
    const second = await engine.inject({ namespace, target: { prefix: WORKERS[1]! }, duration: 900 });
    const secondJob = await sharedOwner(kube, namespace, [second]);
    assert.notEqual(secondJob, firstJob, 'the refused re-arm fell back to a create');
    const warnings = lines.map((l) => JSON.parse(l) as { msg: string; note?: string }).filter((l) => l.msg === EVENTS.expiryJobNotRearmed);
    assert.equal(warnings.length, 1, lines.join(''));
    assert.match(warnings[0]!.note ?? '', /Grant "patch" on jobs\.batch/);
    await waitFor('the refused spare deleted', async () => !(await exists(kube, 'job', namespace, firstJob)), 10_000);
    await engine.recover(second.id, namespace);
    await waitFor('no spare kept: the emptied Job goes with its window', async () => (await jobsIn(kube, namespace)).length === 0, 10_000);
    await assertNoLeftovers(kube, namespace);
  });
});
