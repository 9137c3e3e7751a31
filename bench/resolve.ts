// Target resolution at scale: prefix resolve + inject of one pod in a namespace holding 10 000 pods.
import type { FaultEngine } from '../runner/faults/engine.ts';
import { figure, type Figure } from './figure.ts';
import { median, nowMs } from './stats.ts';

/** Times inject alone (the recover after it is not counted); the prefix matches one pod among 10 000. */
export async function benchResolve(engine: FaultEngine, namespace: string, podCount: number, runs: number): Promise<Figure[]> {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const prefix = `worker-${String((i * 997) % podCount).padStart(5, '0')}`;
    const start = nowMs();
    const fault = await engine.inject({ namespace, target: { prefix }, duration: 300 });
    const took = nowMs() - start;
    await engine.recover(fault.id, namespace);
    if (i > 0) times.push(took); // the first run warms connections and JIT
  }
  return [
    figure({
      id: 'resolve_inject_10k_ms',
      label: `prefix resolve + inject, ${podCount} pods in namespace`,
      value: median(times),
      unit: 'ms',
      runs,
      goal: '≤ 1000 ms',
      max: 1000,
      samples: times,
    }),
  ];
}
