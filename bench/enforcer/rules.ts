// Two NetworkPolicy features the partition relies on, measured rather than assumed: ipBlock `except` (the blocked
// pods' IPs are excepted from 0.0.0.0/0) and port ranges (`endPort`, how "every port but the listed ones" is written).
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { compilePartitionRules } from '../../runner/faults/compile.ts';
import { partitionSpec } from '../../runner/faults/spec.ts';
import type { FaultEngine } from '../../runner/faults/types.ts';
import type { Kube } from '../../runner/kube/client.ts';
import { figure, type Figure } from '../figure.ts';
import { partitionOf } from './cut-restore.ts';
import { OTHER_PORT, PORT, type EnforcerPods } from './pods.ts';

const WAIT_MS = 20_000;
const POLICY = 'bench-ipblock-except';

/**
 * The compiler's own policy for the bench partition with every peer but the ipBlocks removed, selecting the target by
 * its app label: only `except` can now keep the peer out, and the bystander proves ipBlock applies to pod IPs at all.
 */
function ipBlockOnlyPolicy(pods: EnforcerPods): V1NetworkPolicy {
  const spec = partitionSpec.parse({ ...partitionOf(pods.namespace), direction: 'egress' });
  const compiled = compilePartitionRules(spec, [pods.peer.ip]);
  const egress = (compiled.egress ?? []).map((rule) => ({ ...rule, to: rule.to?.filter((peer) => peer.ipBlock) }));
  return {
    metadata: { name: POLICY, namespace: pods.namespace },
    spec: { podSelector: { matchLabels: { app: 'target' } }, policyTypes: ['Egress'], egress },
  };
}

/** ipBlock except: peer cut and bystander still reachable under the ipBlock-only policy. */
async function ipBlockExcept(kube: Kube, pods: EnforcerPods): Promise<{ honoured: boolean; note: string }> {
  const { dialer, peer, bystander, namespace } = pods;
  await kube.net.createNamespacedNetworkPolicy({ namespace, body: ipBlockOnlyPolicy(pods) });
  try {
    const cutAt = await dialer.firstAt(peer.ip, PORT, false, WAIT_MS);
    const bystanderOutcome = await dialer.once(bystander.ip, PORT);
    const honoured = cutAt !== null && bystanderOutcome === 'connected';
    return {
      honoured,
      note: `egress only to 0.0.0.0/0 except ${peer.ip}/32 (and ::/0): peer ${cutAt === null ? `still reachable after ${WAIT_MS} ms` : 'cut'}, bystander ${bystanderOutcome}`,
    };
  } finally {
    await kube.net.deleteNamespacedNetworkPolicy({ name: POLICY, namespace });
    await dialer.firstAt(peer.ip, PORT, true, WAIT_MS);
  }
}

/** endPort: a partition of port PORT only leaves OTHER_PORT open, which only the `PORT+1…65535` range admits. */
async function endPort(engine: FaultEngine, pods: EnforcerPods): Promise<{ honoured: boolean; note: string }> {
  const { dialer, peer, namespace } = pods;
  const fault = await engine.inject({ ...partitionOf(namespace), ports: [{ port: PORT, protocol: 'TCP' }] });
  try {
    const cutAt = await dialer.firstAt(peer.ip, PORT, false, WAIT_MS);
    const other = await dialer.once(peer.ip, OTHER_PORT);
    const honoured = cutAt !== null && other === 'connected';
    return {
      honoured,
      note: `partition of TCP ${PORT} only (policy allows ${PORT + 1}–65535 as one endPort range): ${PORT} ${cutAt === null ? 'not cut' : 'cut'}, ${OTHER_PORT} ${other}`,
    };
  } finally {
    await engine.recover(fault.id, namespace);
    await dialer.firstAt(peer.ip, PORT, true, WAIT_MS);
  }
}

/** Both checks, `runs` times each: yes only when every run showed the feature working. */
export async function benchRules(
  kube: Kube,
  engine: FaultEngine,
  pods: EnforcerPods,
  runs: number,
  label: string,
  log: (line: string) => void,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [id, name, check] of [
    ['ipBlockExcept', 'ipBlock except honoured', () => ipBlockExcept(kube, pods)],
    ['endPort', 'port ranges (endPort) honoured', () => endPort(engine, pods)],
  ] as const) {
    const notes: string[] = [];
    let yes = 0;
    for (let i = 0; i < runs; i++) {
      const r = await check();
      log(`${name} ${i + 1}/${runs}: ${r.honoured ? 'yes' : 'NO'} — ${r.note}`);
      if (r.honoured) yes++;
      notes.push(r.note);
    }
    figures.push(figure({ id: `enforcer.${id}`, label: `${label} ${name}`, value: yes / runs, unit: 'yes/no', runs, note: [...new Set(notes)].join('; ') }));
  }
  return figures;
}
