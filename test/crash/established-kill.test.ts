// [slow] SIGKILL while drop/reset helpers run: no privileged helper may keep running (they end by themselves), and one
// sweep leaves no policy, no target label and no helper pod. Seeded: CRASH_SEED replays a schedule.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Kube } from '../../runner/kube/client.ts';
import { createFaultEngine } from '../../runner/faults/engine.ts';
import { LABEL_FAULT_NAMESPACE, LABEL_HELPER } from '../../runner/faults/established/helper-specs.ts';
import { HELPER_READ_GRACE_MS } from '../../runner/faults/established/sweep-helpers.ts';
import { createRunningPods, dynamoPods, HELPER_NAMESPACE, installEstablishedRbac } from '../../testbed/index.ts';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { leftovers } from '../support/leftovers.ts';
import { createOwnerJob, deleteOwnerJobOrphaning, seededRandom } from './cluster-state.ts';
import { bundleDriver, driverEnv, killDriverAfter } from './kill-driver.ts';

const suite = clusterSuite();
const KILLS = Number(process.env.CRASH_ESTABLISHED_KILLS ?? '12');
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Helper pods still running in the helper namespace, and ephemeral containers still running in `namespace`. */
async function runningHelpers(kube: Kube, namespace: string): Promise<string[]> {
  const pods = (await kube.core.listNamespacedPod({ namespace: HELPER_NAMESPACE, labelSelector: `${LABEL_HELPER},${LABEL_FAULT_NAMESPACE}=${namespace}` }))
    .items;
  const targets = (await kube.core.listNamespacedPod({ namespace })).items;
  return [
    ...pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').map((p) => `pod ${p.metadata?.name} (${p.status?.phase})`),
    ...targets.flatMap((p) =>
      (p.status?.ephemeralContainerStatuses ?? []).filter((s) => !s.state?.terminated).map((s) => `ephemeral ${p.metadata?.name}/${s.name}`),
    ),
  ];
}

describe('crash safety: SIGKILL while established=drop/reset helpers run [slow]', { skip: suite.skip, timeout: 240_000 }, () => {
  let driver = '';
  before(async () => {
    driver = await bundleDriver();
  });

  test(`${KILLS} SIGKILLs across inject+cut / hold / recover: helpers end by themselves; one sweep leaves nothing`, async () => {
    console.log(`established crash seed: ${seed} (replay with CRASH_SEED=${seed})`);
    const random = seededRandom(seed);
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('crash-established');
    await installEstablishedRbac(kube, namespace);
    await createRunningPods(kube, namespace, dynamoPods());
    // The sweep spares finished helpers for HELPER_READ_GRACE_MS (their injector may still be reading the report):
    // this sweeper's clock stands past that grace, as the next CronJob sweep would.
    const sweeper = createFaultEngine(kube, { namespaces: [namespace], now: () => new Date(Date.now() + HELPER_READ_GRACE_MS + 1000) });
    const phases: Record<string, number> = {};
    for (let i = 0; i < KILLS; i++) {
      const mode = i % 2 === 0 ? 'drop' : 'reset';
      const owner = await createOwnerJob(kube, namespace, `runner-${i}`);
      // One inject+cut takes ~1–2 s here: kills land before, inside and after the helpers' run.
      const phase = await killDriverAfter(
        driver,
        { ...driverEnv(cluster.kubeconfigPath, namespace, owner), CRASH_ESTABLISHED: mode, CRASH_HOLD_MS: String(Math.floor(random() * 200)) },
        random() * 2500,
      );
      phases[`${mode}:${phase}`] = (phases[`${mode}:${phase}`] ?? 0) + 1;
      // Nothing of ours is alive now: every helper must stop by itself (settle time + the kubelet's report). The wait
      // allows a slow start on a loaded testbed but stays below the helpers' activeDeadlineSeconds backstop (settle + 60 s),
      // so a helper that only the backstop stops still fails here.
      await waitFor(
        `no running helper after kill ${i} (${mode}, phase ${phase}, seed ${seed})`,
        async () => (await runningHelpers(kube, namespace)).length === 0,
        45_000,
      );
      await deleteOwnerJobOrphaning(kube, owner);
      const report = await sweeper.sweep({ namespaces: [namespace] });
      const left = await leftovers(kube, namespace);
      assert.deepEqual(left, { policies: [], labels: [] }, `kill ${i} (seed ${seed}, ${mode}) in phase "${phase}" left: ${JSON.stringify(left)}`);
      const helperPods = (
        await kube.core.listNamespacedPod({ namespace: HELPER_NAMESPACE, labelSelector: `${LABEL_HELPER},${LABEL_FAULT_NAMESPACE}=${namespace}` })
      ).items;
      assert.deepEqual(
        helperPods.map((p) => p.metadata?.name),
        [],
        `helper pods after the sweep (removed: ${JSON.stringify(report.removedHelpers)})`,
      );
    }
    console.log(`kills by mode:last phase seen: ${JSON.stringify(phases)}`);
    assert.ok(
      Object.keys(phases).some((p) => p.endsWith(':inject')),
      `no kill landed during inject+cut: ${JSON.stringify(phases)}`,
    );
  });
});
