// Many faults at once: 20 and 100 concurrent inject+recover on distinct pods against raw creates+deletes, and `list`
// with 1 000 faults present.
import type { FaultEngine } from '../runner/faults/engine.ts';
import { createFaultEngine, newFaultId } from '../runner/faults/engine.ts';
import { compilePartitionPolicy } from '../runner/faults/compile.ts';
import { faultPolicy } from '../runner/faults/record.ts';
import { targetLabelKey, POLICY_SELECTOR } from '../runner/faults/labels.ts';
import { parsePartitionSpec } from '../runner/faults/spec.ts';
import { faultIdsOnPod } from '../runner/faults/targets.ts';
import { labelPodUids, podsWithoutUidLabel } from '../runner/faults/pod-uid-label.ts';
import { mergePatch, type Kube } from '../runner/kube/client.ts';
import { figure, type Figure } from './figure.ts';
import { rawPolicy } from './roundtrip.ts';
import { boundedAll, median, nowMs, samples } from './stats.ts';

const podName = (i: number) => `worker-${String(i).padStart(5, '0')}`;

/**
 * `faults` faults injected at once on worker-00000…, then all recovered at once, against the floor: the same number of
 * raw NetworkPolicy creates at once, then their deletes at once (interleaved runs, so load drift hits both alike).
 */
export async function benchConcurrent(kube: Kube, engine: FaultEngine, namespace: string, faults: number, runs: number): Promise<Figure[]> {
  await engine.warm(namespace);
  let round = 0;
  const floorOnce = async () => {
    const names = Array.from({ length: faults }, (_, i) => `bench-floor-c${round}-${i}`);
    round++;
    await Promise.all(names.map((name) => kube.net.createNamespacedNetworkPolicy({ namespace, body: rawPolicy(name) })));
    await Promise.all(names.map((name) => kube.net.deleteNamespacedNetworkPolicy({ name, namespace })));
  };
  const burst = (on: FaultEngine) => async () => {
    const injected = await Promise.all(Array.from({ length: faults }, (_, i) => on.inject({ namespace, target: { prefix: podName(i) }, duration: 300 })));
    await Promise.all(injected.map((f) => on.recover(f.id, namespace)));
  };
  // Diagnostic: the same burst without expiry Jobs (NETPART_EXPIRY_JOB=off) — the most that sharing one expiry Job
  // among a burst's faults could save, since it removes every Job write and every Job controller sync per fault.
  const noJob = createFaultEngine(kube, { watchCache: true, expiryJob: false });
  await noJob.warm(namespace);
  const floor: number[] = [];
  const ours: number[] = [];
  const oursWritten: number[] = [];
  const oursNoJob: number[] = [];
  // Events are written after inject and recover return: the wait for the rest is measured apart and never overlaps
  // the next sample (so it cannot slow the floor's).
  const flushed = async (on: FaultEngine, sample: number[]) => {
    const start = nowMs();
    await on.flush();
    return sample.map((ms) => ms + nowMs() - start);
  };
  try {
    for (let i = 0; i < runs; i++) {
      floor.push(...(await samples(1, floorOnce, i === 0 ? 1 : 0)));
      const sample = await samples(1, burst(engine), i === 0 ? 1 : 0);
      ours.push(...sample);
      oursWritten.push(...(await flushed(engine, sample)));
      oursNoJob.push(...(await samples(1, burst(noJob), i === 0 ? 1 : 0)));
      await noJob.flush();
    }
  } finally {
    await noJob.release();
  }
  const f = median(floor);
  const o = median(ours);
  const w = median(oursWritten);
  const n = median(oursNoJob);
  return [
    figure({
      id: `concurrent_${faults}_floor_ms`,
      label: `floor: ${faults} raw creates at once, then ${faults} deletes`,
      value: f,
      unit: 'ms',
      runs,
      samples: floor,
    }),
    figure({
      id: `concurrent_${faults}_ms`,
      label: `ours: ${faults} concurrent faults, inject all then recover all`,
      value: o,
      unit: 'ms',
      runs,
      samples: ours,
    }),
    figure({ id: `concurrent_${faults}_vs_floor`, label: `ours / floor (${faults} concurrent)`, value: o / f, unit: 'x', runs, goal: '≤ 1.5x', max: 1.5 }),
    figure({
      id: `concurrent_${faults}_events_written_vs_floor`,
      label: `diagnostic: ours until its Events are written too / floor (${faults} concurrent)`,
      value: w / f,
      unit: 'x',
      runs,
      samples: oursWritten,
    }),
    figure({
      id: `concurrent_${faults}_no_expiry_job_vs_floor`,
      label: `diagnostic: ours without expiry Jobs / floor (${faults} concurrent)`,
      value: n / f,
      unit: 'x',
      runs,
      samples: oursNoJob,
    }),
  ];
}

/**
 * Seeds `count` faults exactly as engine.inject writes them (compiled policy + fault annotations + the target's uid
 * label), without inject's per-call preflight, whose full policy list makes seeding 1 000 faults quadratic.
 */
async function seedFaults(kube: Kube, namespace: string, count: number, natsIp: string): Promise<void> {
  const pods = new Map((await kube.core.listNamespacedPod({ namespace })).items.map((p) => [p.metadata?.name ?? '', p]));
  await boundedAll(
    Array.from({ length: count }, (_, i) => i),
    16,
    async (i) => {
      const faultId = newFaultId();
      const spec = parsePartitionSpec({ namespace, target: { prefix: podName(i) }, duration: 900 });
      const pod = pods.get(podName(i));
      if (!pod) throw new Error(`seeding faults: pod ${podName(i)} is missing in ${namespace}`);
      const policy = compilePartitionPolicy({ spec, faultId, targetUids: [pod.metadata?.uid ?? ''], blockedPodIps: [natsIp] });
      const injectedAt = new Date();
      const fault = {
        id: faultId,
        namespace,
        targetPods: [{ name: podName(i), namespace }],
        blockedPods: [{ name: 'nats-0', namespace, ip: natsIp }],
        injectedAt: injectedAt.toISOString(),
        expiresAt: new Date(injectedAt.getTime() + 900_000).toISOString(),
        spec,
        owner: 'bench/list',
      };
      await kube.net.createNamespacedNetworkPolicy({ namespace, body: faultPolicy(policy, fault) });
      await labelPodUids(kube, namespace, podsWithoutUidLabel([pod]));
    },
  );
}

/**
 * Removes every partition policy of the namespace in one delete-collection, and the per-fault labels an older release's
 * seeding left (one patch per pod). The uid labels stay, as they do after a fault.
 */
async function removeAllFaults(kube: Kube, namespace: string): Promise<void> {
  await kube.net.deleteCollectionNamespacedNetworkPolicy({ namespace, labelSelector: POLICY_SELECTOR });
  const pods = (await kube.core.listNamespacedPod({ namespace })).items;
  const labelled = pods.filter((p) => faultIdsOnPod(p).length > 0);
  await boundedAll(labelled, 16, async (pod) => {
    const labels = Object.fromEntries(faultIdsOnPod(pod).map((id) => [targetLabelKey(id), null]));
    await kube.core.patchNamespacedPod({ name: pod.metadata?.name ?? '', namespace, body: { metadata: { labels } } }, mergePatch);
  });
}

/** engine.list() with `count` faults present; the faults are removed afterwards whatever happens. */
export async function benchList(kube: Kube, engine: FaultEngine, namespace: string, count: number, runs: number, natsIp: string): Promise<Figure[]> {
  const seedStart = nowMs();
  try {
    await seedFaults(kube, namespace, count, natsIp);
    const seedMs = nowMs() - seedStart;
    let seen = 0;
    const times = await samples(runs, async () => {
      seen = (await engine.list(namespace)).length;
    });
    if (seen !== count) throw new Error(`list returned ${seen} faults, expected ${count}`);
    // The same policies fetched alone (no faultFromPolicy/zod): how much of list is the API + client-node.
    const fetchOnly = await samples(runs, () => kube.net.listNamespacedNetworkPolicy({ namespace, labelSelector: POLICY_SELECTOR }));
    return [
      figure({
        id: 'list_1000_ms',
        label: `list with ${count} faults present`,
        value: median(times),
        unit: 'ms',
        runs,
        goal: '≤ 200 ms',
        max: 200,
        samples: times,
        note: `seeding took ${Math.round(seedMs)} ms`,
      }),
      figure({
        id: 'list_1000_fetch_only_ms',
        label: `diagnostic: the ${count} policies fetched alone (client-node list)`,
        value: median(fetchOnly),
        unit: 'ms',
        runs,
        samples: fetchOnly,
      }),
    ];
  } finally {
    await removeAllFaults(kube, namespace);
  }
}
