// `--only enforcer`: what the cluster's NetworkPolicy enforcer does to a partition, with real testbed pods.
import { randomBytes } from 'node:crypto';
import { createFaultEngine } from '../../runner/faults/engine.ts';
import type { Kube } from '../../runner/kube/client.ts';
import type { Figure } from '../figure.ts';
import { benchCutRestore } from './cut-restore.ts';
import { benchEstablished } from './established.ts';
import { enforcerName } from './name.ts';
import { setUpPods } from './pods.ts';
import { benchRules } from './rules.ts';

/** Options of one enforcer run; `runs` is the bench's --runs (cut/restore take 3× that, at least 20). */
export interface EnforcerBenchOptions {
  kubeconfig: string;
  runs: number;
  enforcerFlag?: string;
  log: (line: string) => void;
}

/** Sets up three pods in a fresh namespace, measures, and deletes the namespace again (the testbed may be shared). */
export async function benchEnforcer(kube: Kube, options: EnforcerBenchOptions): Promise<{ enforcer: string; figures: Figure[] }> {
  const { runs, log } = options;
  const enforcer = enforcerName(options.kubeconfig, options.enforcerFlag);
  const label = `[${enforcer}]`;
  const namespace = `netpart-bench-enforcer-${randomBytes(3).toString('hex')}`;
  log(`enforcer ${enforcer}: pods in ${namespace}`);
  const engine = createFaultEngine(kube, { namespaces: [namespace] });
  try {
    const pods = await setUpPods(kube, namespace);
    try {
      const figures = [
        ...(await benchCutRestore(engine, pods, Math.max(20, runs * 3), label, log)),
        ...(await benchEstablished(engine, pods, Math.max(3, Math.ceil(runs / 3)), label, log)),
        ...(await benchRules(kube, engine, pods, Math.max(2, Math.ceil(runs / 4)), label, log)),
      ];
      return { enforcer, figures };
    } finally {
      pods.close();
    }
  } finally {
    await engine.release();
    await kube.core.deleteNamespace({ name: namespace }).catch((error: unknown) => log(`could not delete ${namespace}: ${String(error)}`));
  }
}
