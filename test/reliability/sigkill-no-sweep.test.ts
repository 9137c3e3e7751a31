// [slow] The crash suite's random SIGKILLs across inject / hold / recover, but with NO sweep and nothing deleted
// afterwards: every fault a kill leaves must still disappear at its expiry, removed by Kubernetes alone (the fault's
// expiry Job). Reports leaks (0 of N) and the lateness of each expiry. Seeded: CRASH_SEED replays a schedule.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';
import { leftovers } from '../support/leftovers.ts';
import { watchPolicyEnds } from '../support/policy-watch.ts';
import { createOwnerJob, seededRandom } from '../crash/cluster-state.ts';
import { bundleDriver, driverEnv, killDriverAfter } from '../crash/kill-driver.ts';
import { EXPIRY_BOUND_MS, expiredLateness, netpartObjects } from './measure.ts';

const suite = clusterSuite();
const KILLS = Number(process.env.RELIABILITY_KILLS ?? '50');
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('reliability: SIGKILL during inject / hold / recover, no sweep afterwards [slow]', { skip: suite.skip, timeout: 420_000 }, () => {
  let driver = '';
  before(async () => {
    driver = await bundleDriver();
  });

  test(`${KILLS} random SIGKILLs: every fault left behind is gone by its expiry, removed by Kubernetes alone`, async () => {
    console.log(`reliability seed: ${seed} (replay with CRASH_SEED=${seed})`);
    const random = seededRandom(seed);
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('rel-kill');
    await createRunningPods(kube, namespace, dynamoPods());
    const watch = await watchPolicyEnds(kube, namespace);
    const phases: Record<string, number> = {};
    let lastExpiry = 0;
    try {
      for (let i = 0; i < KILLS; i++) {
        // Each kill stands for a runner whose Job stays (nothing deletes it): only the expiry Job can end its faults.
        const owner = await createOwnerJob(kube, namespace, `runner-${i}`);
        // Every other kill: a long-lived engine, whose faults live long enough (≥ 6 s) for an emptied Job to be re-armed
        // (a spare is re-armed only while its TTL is > 5 s away), so a kill also lands between a re-arm and its policy.
        const longLived = i % 2 === 1;
        const duration = (longLived ? 6 : 3) + Math.floor(random() * 4);
        // Up to 3 s: on a loaded machine the first inject (a new process, a new connection) alone can take a second.
        const phase = await killDriverAfter(
          driver,
          {
            ...driverEnv(cluster.kubeconfigPath, namespace, owner),
            CRASH_DURATION: String(duration),
            CRASH_HOLD_MS: String(Math.floor(random() * 400)),
            CRASH_LONG_LIVED: longLived ? '1' : '0',
          },
          random() * 3000,
        );
        phases[phase] = (phases[phase] ?? 0) + 1;
        lastExpiry = Date.now() + duration * 1000;
      }
      console.log(`kills by last phase seen: ${JSON.stringify(phases)}`);
      for (const phase of ['inject', 'hold', 'recover']) assert.ok((phases[phase] ?? 0) > 0, `no kill landed in ${phase}: ${JSON.stringify(phases)}`);
      // No sweep, no recover, no Job deleted: just wait out the last expiry plus the bound.
      await new Promise((r) => setTimeout(r, Math.max(0, lastExpiry - Date.now()) + EXPIRY_BOUND_MS + 500));
      const left = await waitFor(
        'every expiry Job gone (TTL) and every policy with it',
        async () => {
          const objects = await netpartObjects(kube, namespace);
          return objects.policies.length === 0 && objects.expiryJobs.length === 0 ? objects : false;
        },
        10_000,
      ).catch(async () => netpartObjects(kube, namespace));
      const lateness = expiredLateness(watch);
      const created = watch.created.size;
      console.log(
        `RELIABILITY sigkill-no-sweep: ${KILLS} kills, ${created} faults created, ${lateness.n} ended by expiry with no process alive ` +
          `(lateness median ${lateness.median} ms, max ${lateness.max} ms), leaks ${left.policies.length} of ${created} policies, ${left.expiryJobs.length} expiry Jobs`,
      );
      assert.deepEqual(left, { policies: [], expiryJobs: [] }, `seed ${seed}: left behind`);
      assert.ok(lateness.n > 0, 'some kills must have left a fault for the expiry Job to end');
      assert.deepEqual(lateness.early, [], 'no fault may end before its expiry unless recovered');
      assert.ok(lateness.max <= EXPIRY_BOUND_MS, `seed ${seed}: an expiry took ${lateness.max} ms (bound ${EXPIRY_BOUND_MS})`);
      for (const id of watch.created) assert.ok(watch.ends.has(id), `fault ${id}: its policy was created and never deleted`);
      // What remains are target labels selecting nothing (no policy names them); the next sweep takes them off.
      const labels = (await leftovers(kube, namespace)).labels;
      console.log(`target labels left for the next sweep (harmless: no policy selects them): ${labels.length}`);
    } finally {
      watch.stop();
    }
  });
});
