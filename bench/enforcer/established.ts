// Open connections under keep / drop / reset: a flow held from inside the target to the peer before the partition,
// judged once new connections are cut (the e2e's held-connection code, testbed/dataplane/net-probe.ts).
import type { EstablishedMode } from '../../runner/faults/established/settings.ts';
import type { FaultEngine } from '../../runner/faults/types.ts';
import { type HeldConnection, holdConnection } from '../../testbed/index.ts';
import { figure, type Figure } from '../figure.ts';
import { median } from '../stats.ts';
import { partitionOf } from './cut-restore.ts';
import { PORT, type EnforcerPods } from './pods.ts';

const WAIT_MS = 20_000;

/** Raised when a mode cannot be judged: the held flow is dead before the fault, or new connections are never cut. */
export class EstablishedBenchError extends Error {
  override name = 'EstablishedBenchError';
}

// A reset socket makes the holder print error/closed and exit: read that before writing to it again.
const dead = (held: HeldConnection) => /error|closed/.test(held.lastEvent);

/** One held flow through one fault in `mode`: whether it still answered, and what the cut reported. */
async function once(engine: FaultEngine, pods: EnforcerPods, mode: EstablishedMode): Promise<{ survived: boolean; cutMs?: number; injectMs: number }> {
  const held = await holdConnection(pods.target, pods.peer.ip, PORT);
  try {
    if (!(await held.ping())) throw new EstablishedBenchError(`the held flow target-0 → ${pods.peer.ip}:${PORT} does not answer before the fault`);
    const injectAt = performance.now();
    const fault = await engine.inject({ ...partitionOf(pods.namespace), established: mode });
    const injectMs = performance.now() - injectAt;
    try {
      // keep has no settle window of its own: judge the open flow only once the enforcer cuts new ones.
      const cutAt = await pods.dialer.firstAt(pods.peer.ip, PORT, false, WAIT_MS);
      if (cutAt === null) throw new EstablishedBenchError(`established=${mode}: new connections were not cut within ${WAIT_MS} ms`);
      const survived = !dead(held) && (await held.ping(1500)) && !dead(held);
      return { survived, injectMs, ...(fault.established ? { cutMs: fault.established.ms } : {}) };
    } finally {
      await engine.recover(fault.id, pods.namespace);
      await pods.dialer.firstAt(pods.peer.ip, PORT, true, WAIT_MS);
    }
  } finally {
    held.close();
  }
}

/** keep, drop and reset, `runs` faults each: survived/cut per mode, and the helpers' cut time for drop and reset. */
export async function benchEstablished(engine: FaultEngine, pods: EnforcerPods, runs: number, label: string, log: (line: string) => void): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const mode of ['keep', 'drop', 'reset'] as EstablishedMode[]) {
    const results = [];
    for (let i = 0; i < runs; i++) {
      const r = await once(engine, pods, mode);
      log(`established=${mode} ${i + 1}/${runs}: ${r.survived ? 'survived' : 'cut'}${r.cutMs === undefined ? '' : ` (helpers ${r.cutMs} ms)`}`);
      results.push(r);
    }
    const survived = results.filter((r) => r.survived).length;
    figures.push(
      figure({
        id: `enforcer.established.${mode}.survived`,
        label: `${label} established=${mode}: open flow survives`,
        value: survived / runs,
        unit: 'yes/no',
        runs,
        note: `${survived} of ${runs} held flows still echoed once new connections were cut`,
      }),
    );
    const cutMs = results.flatMap((r) => (r.cutMs === undefined ? [] : [r.cutMs]));
    if (mode !== 'keep' && cutMs.length > 0) {
      figures.push(
        figure({
          id: `enforcer.established.${mode}.cutMs`,
          label: `${label} established=${mode}: helpers' cut time (fault.established.ms)`,
          value: median(cutMs),
          unit: 'ms',
          runs: cutMs.length,
          samples: cutMs,
          note: `inject with established=${mode} took median ${median(results.map((r) => r.injectMs)).toFixed(0)} ms in all`,
        }),
      );
    }
  }
  return figures;
}
