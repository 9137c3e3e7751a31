// [slow] Ownership without netpart processes: overlapping runners killed mid-fault leave nothing after their expiries,
// and deleting a runner's Job mid-fault removes its faults at once through the chain runner Job → expiry Job → policy.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createFaultEngine } from '../../runner/faults/engine.ts';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';
import { watchPolicyEnds } from '../support/policy-watch.ts';
import { createOwnerJob, seededRandom } from '../crash/cluster-state.ts';
import { bundleDriver, driverEnv, killDriverAfter } from '../crash/kill-driver.ts';
import { EXPIRY_BOUND_MS, expiredLateness, netpartObjects } from './measure.ts';

const suite = clusterSuite();
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('reliability: owners and overlapping runners, no sweep [slow]', { skip: suite.skip, timeout: 300_000 }, () => {
  let driver = '';
  before(async () => {
    driver = await bundleDriver();
  });

  test('two runners on the same pods at once, both SIGKILLed mid-fault, 6 rounds: nothing left after the expiries', async () => {
    console.log(`overlap seed: ${seed} (replay with CRASH_SEED=${seed})`);
    const random = seededRandom(seed);
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('rel-overlap');
    await createRunningPods(kube, namespace, dynamoPods());
    const watch = await watchPolicyEnds(kube, namespace);
    try {
      for (let round = 0; round < 6; round++) {
        const [a, b] = await Promise.all([createOwnerJob(kube, namespace, `runner-a-${round}`), createOwnerJob(kube, namespace, `runner-b-${round}`)]);
        // Both target 2 of the 3 workers (count 2): the same pods carry both runners' labels at once.
        await Promise.all(
          [a, b].map((owner) =>
            killDriverAfter(
              driver,
              { ...driverEnv(cluster.kubeconfigPath, namespace, owner), CRASH_DURATION: '4', CRASH_HOLD_MS: '400' },
              200 + random() * 900,
            ),
          ),
        );
      }
      await new Promise((r) => setTimeout(r, 4000 + EXPIRY_BOUND_MS + 500));
      const left = await waitFor(
        'nothing left',
        async () => {
          const objects = await netpartObjects(kube, namespace);
          return objects.policies.length + objects.expiryJobs.length === 0 && objects;
        },
        10_000,
      ).catch(() => netpartObjects(kube, namespace));
      const lateness = expiredLateness(watch);
      console.log(
        `RELIABILITY overlapping runners: ${watch.created.size} faults, ${lateness.n} ended by expiry (lateness median ${lateness.median} ms, max ${lateness.max} ms), leaks ${left.policies.length} of ${watch.created.size}`,
      );
      assert.deepEqual(left, { policies: [], expiryJobs: [] });
      assert.ok(lateness.max <= EXPIRY_BOUND_MS, `an expiry took ${lateness.max} ms`);
      assert.deepEqual(lateness.early, []);
    } finally {
      watch.stop();
    }
  });

  test('a runner whose Job is deleted mid-fault (runner SIGKILLed first): Kubernetes removes its faults within seconds', async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('rel-jobdel');
    await createRunningPods(kube, namespace, dynamoPods());
    const owner = await createOwnerJob(kube, namespace, 'runner');
    const watch = await watchPolicyEnds(kube, namespace);
    try {
      // Faults with a long life, so only the Job's deletion can explain their end.
      const engine = createFaultEngine(kube, { namespaces: [namespace] });
      const faults = [
        await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker' }, count: 2, duration: 600 }, { ownerJob: owner }),
        await engine.inject({ namespace, target: { prefix: 'vllm-frontend' }, duration: 600 }, { ownerJob: owner }),
      ];
      // No engine call from here on (it stands for a killed runner): `kubectl delete job` (background propagation).
      const deletedAt = Date.now();
      await kube.batch.deleteNamespacedJob({ name: owner.name, namespace, propagationPolicy: 'Background' });
      const ends = await waitFor(
        'both policies gone',
        async () => faults.every((f) => watch.ends.has(f.id)) && faults.map((f) => watch.ends.get(f.id)!.deletedAt - deletedAt),
        60_000,
      );
      console.log(
        `RELIABILITY runner Job deleted mid-fault: policies gone ${ends.join(', ')} ms after the delete (garbage collector: runner Job → expiry Job → policy)`,
      );
      assert.deepEqual(await netpartObjects(kube, namespace), { policies: [], expiryJobs: [] });
    } finally {
      watch.stop();
    }
  });
});
