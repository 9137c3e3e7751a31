// Expiry precision: a held 2 s fault; time from its expiresAt to the policy's DELETED event on a watch.
import type { FaultEngine } from '../runner/faults/engine.ts';
import { LABEL_FAULT_ID } from '../runner/faults/labels.ts';
import type { Kube } from '../runner/kube/client.ts';
import { figure, type Figure } from './figure.ts';
import { median } from './stats.ts';

/** Waits for the DELETED event of the fault's policy; resolves with the wall-clock time it arrived. */
async function deletedAt(kube: Kube, namespace: string, faultId: string, timeoutMs: number): Promise<{ at: Promise<number>; stop: () => void }> {
  let resolve!: (t: number) => void;
  let reject!: (e: Error) => void;
  const at = new Promise<number>((res, rej) => ((resolve = res), (reject = rej)));
  const timer = setTimeout(() => reject(new Error(`policy of fault ${faultId} not deleted within ${timeoutMs} ms`)), timeoutMs);
  const watch = await kube.watch.watch(
    `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies`,
    { labelSelector: `${LABEL_FAULT_ID}=${faultId}` },
    (type) => {
      if (type === 'DELETED') {
        clearTimeout(timer);
        resolve(Date.now());
      }
    },
    (error?: unknown) => {
      if (error) reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
    },
  );
  return {
    at,
    stop: () => {
      clearTimeout(timer);
      watch.abort();
    },
  };
}

/** Runs `runs` held 2 s faults one after another and reports the median lateness of their removal. */
export async function benchExpiry(kube: Kube, engine: FaultEngine, namespace: string, runs: number): Promise<Figure[]> {
  const lateness: number[] = [];
  for (let i = 0; i < runs; i++) {
    const fault = await engine.inject({ namespace, target: { prefix: 'worker-' }, duration: 2 });
    const watcher = await deletedAt(kube, namespace, fault.id, 10_000);
    try {
      engine.hold(fault);
      lateness.push((await watcher.at) - Date.parse(fault.expiresAt));
    } finally {
      watcher.stop();
      await engine.recover(fault.id, namespace);
    }
  }
  return [
    figure({
      id: 'expiry_lateness_ms',
      label: 'expiry: expiresAt → policy gone (2 s fault, held)',
      value: median(lateness),
      unit: 'ms',
      runs,
      goal: '≤ 200 ms',
      max: 200,
      samples: lateness,
    }),
  ];
}
