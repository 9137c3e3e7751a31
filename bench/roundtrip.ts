// Floor vs ours: a raw NetworkPolicy create+delete through @kubernetes/client-node against inject+recover of one pod.
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import type { Kube } from '../runner/kube/client.ts';
import type { HoldingFaultEngine } from '../runner/faults/engine.ts';
import { figure, type Figure } from './figure.ts';
import { median, samples } from './stats.ts';

/** The floor's policy: same size class as a partition policy, selecting one pod by name label. */
const rawPolicy = (name: string): V1NetworkPolicy => ({
  metadata: { name, labels: { 'netpart.dev/bench': 'floor' } },
  spec: {
    podSelector: { matchLabels: { 'fault.netpart.dev/floor': 'target' } },
    policyTypes: ['Egress'],
    egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.251.0.250/32'] } }] }],
  },
});

/** Measures both round trips interleaved (so load drift hits both alike) and reports them and their ratio. */
export async function benchRoundTrip(kube: Kube, engine: HoldingFaultEngine, namespace: string, runs: number): Promise<Figure[]> {
  let n = 0;
  const floorOnce = async () => {
    const name = `bench-floor-${n++}`;
    await kube.net.createNamespacedNetworkPolicy({ namespace, body: rawPolicy(name) });
    await kube.net.deleteNamespacedNetworkPolicy({ name, namespace });
  };
  const oursOnce = async () => {
    const fault = await engine.inject({ namespace, target: { prefix: 'worker-' }, duration: 300 });
    await engine.recover(fault.id, namespace);
  };
  const floor: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(...(await samples(1, floorOnce, i === 0 ? 2 : 0)));
    ours.push(...(await samples(1, oursOnce, i === 0 ? 2 : 0)));
  }
  const floorMs = median(floor);
  const oursMs = median(ours);
  return [
    figure({ id: 'floor_ms', label: 'floor: raw NetworkPolicy create+delete', value: floorMs, unit: 'ms', runs, samples: floor }),
    figure({ id: 'inject_recover_ms', label: 'ours: inject+recover, one-pod partition', value: oursMs, unit: 'ms', runs, samples: ours }),
    figure({ id: 'inject_recover_vs_floor', label: 'ours / floor', value: oursMs / floorMs, unit: 'x', runs, goal: '≤ 1.5x', max: 1.5 }),
  ];
}
