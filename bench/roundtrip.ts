// Floor vs ours: a raw NetworkPolicy create+delete through @kubernetes/client-node against inject+recover of one pod.
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import type { Kube } from '../runner/kube/client.ts';
import { createFaultEngine, type EngineOptions, type FaultEngine } from '../runner/faults/engine.ts';
import { LABEL_POD_UID } from '../runner/faults/labels.ts';
import { podPath, rawJson } from '../runner/kube/raw.ts';
import { countingKube, describeCalls } from './count-calls.ts';
import { figure, type Figure } from './figure.ts';
import { median, nowMs, samples } from './stats.ts';

/** The floor's policy: same size class as a partition policy, selecting one pod by name label. */
export const rawPolicy = (name: string): V1NetworkPolicy => ({
  metadata: { name, labels: { 'netpart.dev/bench': 'floor' } },
  spec: {
    podSelector: { matchLabels: { 'fault.netpart.dev/floor': 'target' } },
    policyTypes: ['Egress'],
    egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.251.0.250/32'] } }] }],
  },
});

// Long enough for the engine's pod watch to deliver a label change made just before (it takes milliseconds).
const CACHE_CATCH_UP_MS = 300;

/** Measures both round trips interleaved (so load drift hits both alike) and reports them and their ratio. */
export async function benchRoundTrip(kube: Kube, engine: FaultEngine, namespace: string, runs: number, variant = ''): Promise<Figure[]> {
  const id = (base: string) => (variant ? `${base}_${variant.replace(/\W+/g, '_')}` : base);
  const label = (base: string) => (variant ? `${base} [${variant}]` : base);
  let n = 0;
  const floorOnce = async () => {
    const name = `bench-floor-${n++}`;
    await kube.net.createNamespacedNetworkPolicy({ namespace, body: rawPolicy(name) });
    await kube.net.deleteNamespacedNetworkPolicy({ name, namespace });
  };
  /** One inject+recover of the one-pod partition through `e`. */
  const injectRecoverWith = (e: FaultEngine) => async () => {
    const fault = await e.inject({ namespace, target: { prefix: 'worker-' }, duration: 300 });
    await e.recover(fault.id, namespace);
  };
  const oursOnce = injectRecoverWith(engine);
  // The engine as a long-lived process runs it: pods and policies of the namespace from its watch caches.
  await engine.warm(namespace);
  // Diagnostics, main run only: the same long-lived engine with one thing changed, sampled in this order.
  const diagnostic = (options: EngineOptions) => ({ engine: createFaultEngine(kube, { watchCache: true, ...options }), samples: [] as number[] });
  const diagnostics = variant
    ? undefined
    : {
        // without the expiry Job (NETPART_EXPIRY_JOB=off): what the dead-man's switch costs (its create is a
        // sequential write before the policy)
        noJob: diagnostic({ expiryJob: false }),
        // every fault its own expiry Job, as before a long-lived engine reused them for 1 s
        noReuse: diagnostic({ expiryJobReuseMs: 0 }),
        // Events written at once, beside the writes that follow (before they gave way)
        beside: diagnostic({ eventMaxDelayMs: 0 }),
      };
  for (const d of Object.values(diagnostics ?? {})) await d.engine.warm(namespace);
  // Diagnostic, main run only: the pod's first fault, which also puts the uid label on it (every later one finds it
  // there). The label is taken off before each sample, untimed, and the engine's watch cache given time to see that.
  const unlabelTarget = async () => {
    const target = (await engine.plan({ namespace, target: { prefix: 'worker-' } })).targetPods[0]?.name ?? '';
    await rawJson(kube.config, {
      method: 'PATCH',
      path: podPath(namespace, target),
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { [LABEL_POD_UID]: null } } },
    });
    await new Promise((resolve) => setTimeout(resolve, CACHE_CATCH_UP_MS));
  };
  const floor: number[] = [];
  const ours: number[] = [];
  const oursFirst: number[] = [];
  const oursWritten: number[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(...(await samples(1, floorOnce, i === 0 ? 2 : 0)));
    const sample = await samples(1, oursOnce, i === 0 ? 2 : 0);
    ours.push(...sample);
    // A long-lived engine writes its Events after returning: they finish here, timed apart, not inside the next sample.
    const flushStart = nowMs();
    await engine.flush();
    oursWritten.push(...sample.map((ms) => ms + nowMs() - flushStart));
    for (const d of Object.values(diagnostics ?? {})) {
      d.samples.push(...(await samples(1, injectRecoverWith(d.engine), i === 0 ? 2 : 0)));
      await d.engine.flush();
    }
    if (!variant) {
      await unlabelTarget();
      oursFirst.push(...(await samples(1, oursOnce)));
      await engine.flush();
    }
  }
  for (const d of Object.values(diagnostics ?? {})) await d.engine.release();
  // How many API requests one inject+recover makes (the floor makes 2).
  const calls = new Map<string, number>();
  const callMs = new Map<string, number>();
  const counted = createFaultEngine(countingKube(kube, calls, callMs), { watchCache: true });
  await counted.warm(namespace);
  calls.clear();
  callMs.clear();
  const fault = await counted.inject({ namespace, target: { prefix: 'worker-' }, duration: 300 });
  await counted.recover(fault.id, namespace);
  await counted.release();
  const requestCount = [...calls.values()].reduce((a, b) => a + b, 0);
  const floorMs = median(floor);
  const oursMs = median(ours);
  return [
    figure({ id: id('floor_ms'), label: label('floor: raw NetworkPolicy create+delete'), value: floorMs, unit: 'ms', runs, samples: floor }),
    figure({
      id: id('inject_recover_ms'),
      label: label('ours: inject+recover, one-pod partition'),
      value: oursMs,
      unit: 'ms',
      runs,
      samples: ours,
      note: `${requestCount} API requests (one counted run): ${describeCalls(calls, callMs)}`,
    }),
    figure({
      id: id('inject_recover_vs_floor'),
      label: label('ours / floor'),
      value: oursMs / floorMs,
      unit: 'x',
      runs,
      ...(variant ? {} : { goal: '≤ 1.3x', max: 1.3 }),
    }),
    ...(diagnostics
      ? [
          figure({
            id: 'inject_recover_events_written_vs_floor',
            label: 'diagnostic: ours until its Events are written too / floor',
            value: median(oursWritten) / floorMs,
            unit: 'x',
            runs,
            samples: oursWritten,
          }),
          figure({
            id: 'inject_recover_events_beside_vs_floor',
            label: 'diagnostic: ours with its Events written at once, beside the writes that follow / floor',
            value: median(diagnostics.beside.samples) / floorMs,
            unit: 'x',
            runs,
            samples: diagnostics.beside.samples,
          }),
          figure({
            id: 'inject_recover_first_fault_on_pod_vs_floor',
            label: "diagnostic: ours, the pod's first fault (its uid label written beside the policy) / floor",
            value: median(oursFirst) / floorMs,
            unit: 'x',
            runs,
            samples: oursFirst,
          }),
          figure({
            id: 'inject_recover_no_job_reuse_vs_floor',
            label: 'diagnostic: ours, every fault its own expiry Job (no reuse) / floor',
            value: median(diagnostics.noReuse.samples) / floorMs,
            unit: 'x',
            runs,
            samples: diagnostics.noReuse.samples,
          }),
          figure({
            id: 'inject_recover_no_expiry_job_ms',
            label: 'diagnostic: ours without the expiry Job (NETPART_EXPIRY_JOB=off)',
            value: median(diagnostics.noJob.samples),
            unit: 'ms',
            runs,
            samples: diagnostics.noJob.samples,
          }),
          figure({
            id: 'inject_recover_no_expiry_job_vs_floor',
            label: 'diagnostic: ours without the expiry Job / floor',
            value: median(diagnostics.noJob.samples) / floorMs,
            unit: 'x',
            runs,
          }),
        ]
      : []),
  ];
}
