// Time to cut and time to restore: repeated inject/recover of a one-pod partition, each timed against the target's
// own new connections to the peer (the enforcement probe's polling, run inside the target pod).
import type { FaultEngine } from '../../runner/faults/types.ts';
import { figure, type Figure } from '../figure.ts';
import { median } from '../stats.ts';
import { ATTEMPT_EVERY_MS, DIAL_TIMEOUT_MS } from './dialer-client.ts';
import { PORT, type EnforcerPods } from './pods.ts';

const PACING = `an attempt started every ${ATTEMPT_EVERY_MS} ms (${Math.ceil(DIAL_TIMEOUT_MS / ATTEMPT_EVERY_MS)} staggered lanes, so a dropping enforcer's ${DIAL_TIMEOUT_MS} ms connect timeouts do not stretch the cadence)`;

/** How long one cut or restore may take before the attempt counts as a miss (Felix takes seconds under load). */
const WAIT_MS = 20_000;

/** The partition every enforcer figure uses: target-0 loses peer-0, nothing else. */
export const partitionOf = (namespace: string) => ({
  namespace,
  target: { prefix: 'target-' },
  blockNats: false,
  blockPods: [{ labels: { app: 'peer' } }],
  duration: 300,
});

/** Raised when the peer cannot be reached before a cycle starts (the bench would measure nothing). */
export class PeerUnreachableError extends Error {
  override name = 'PeerUnreachableError';
}

const wallNow = () => performance.timeOrigin + performance.now();

/** `runs` cycles: inject → first failed new connection, recover → first working one; ms from each call's start (polled from then on). */
export async function benchCutRestore(engine: FaultEngine, pods: EnforcerPods, runs: number, label: string, log: (line: string) => void): Promise<Figure[]> {
  const { dialer, peer, namespace } = pods;
  const outcome = await dialer.once(peer.ip, PORT);
  if (outcome !== 'connected')
    throw new PeerUnreachableError(`target-0 → ${peer.ip}:${PORT} is "${outcome}" before any fault; is a policy left in ${namespace}?`);
  const cut: number[] = [];
  const restore: number[] = [];
  const injectMs: number[] = [];
  const recoverMs: number[] = [];
  let missedCut = 0;
  for (let i = 0; i < runs; i++) {
    // Polling starts with the call: the policy exists before inject returns, and the enforcer may act on it already.
    const injectAt = wallNow();
    const cutting = dialer.firstAt(peer.ip, PORT, false, WAIT_MS);
    const fault = await engine.inject(partitionOf(namespace));
    injectMs.push(wallNow() - injectAt);
    const cutAt = await cutting;
    if (cutAt === null) missedCut++;
    else cut.push(cutAt - injectAt);
    const recoverAt = wallNow();
    const restoring = dialer.firstAt(peer.ip, PORT, true, WAIT_MS);
    await engine.recover(fault.id, namespace);
    recoverMs.push(wallNow() - recoverAt);
    const restoredAt = await restoring;
    if (restoredAt === null)
      throw new PeerUnreachableError(`target-0 → ${peer.ip}:${PORT} still failing ${WAIT_MS} ms after recover (cycle ${i + 1}); the enforcer did not restore`);
    restore.push(restoredAt - recoverAt);
    log(`cycle ${i + 1}/${runs}: cut ${cutAt === null ? 'not seen' : `${Math.round(cutAt - injectAt)} ms`}, restore ${Math.round(restoredAt - recoverAt)} ms`);
  }
  const round = (xs: number[]) => xs.map((x) => Math.round(x * 10) / 10);
  const figures: Figure[] = [
    figure({
      id: 'enforcer.cutSeen',
      label: `${label} new connections cut by a partition (cycles)`,
      value: (runs - missedCut) / runs,
      unit: 'yes/no',
      runs,
      note: `${runs - missedCut} of ${runs} injects cut target → peer within ${WAIT_MS} ms`,
    }),
  ];
  if (cut.length > 0) {
    figures.push(
      figure({
        id: 'enforcer.timeToCut',
        label: `${label} time to cut: inject called → first failed new connection`,
        value: median(cut),
        unit: 'ms',
        runs: cut.length,
        samples: round(cut),
        note: `inject itself took median ${median(injectMs).toFixed(1)} ms; ${PACING}; ${missedCut} injects without a cut`,
      }),
    );
  }
  figures.push(
    figure({
      id: 'enforcer.timeToRestore',
      label: `${label} time to restore: recover called → first working new connection`,
      value: median(restore),
      unit: 'ms',
      runs: restore.length,
      samples: round(restore),
      note: `recover itself took median ${median(recoverMs).toFixed(1)} ms; ${PACING}`,
    }),
  );
  return figures;
}
