// The engine's and the sweep's side of Events: what each transition says, on whom, written best effort.
import { EVENTS } from '../../contract/events.ts';
import type { Kube } from '../../kube/client.ts';
import type { Logger } from '../../log/logger.ts';
import { faultAnnotations } from '../record.ts';
import { policyDirection } from '../spec.ts';
import type { Fault } from '../types.ts';
import type { EventSubjects, FaultEventReason } from './build.ts';
import { readFaultTrace } from './trace.ts';
import { writeFaultEvents } from './write.ts';

export { FAULT_EVENT_REASONS, LABEL_EVENT_REASON, type EventSubjects, type FaultEventReason } from './build.ts';
export { faultSubjects, subjectsOfPolicy } from './subjects.ts';
export { readFaultTrace, type FaultTrace } from './trace.ts';

const list = (names: string[], max = 5): string =>
  names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;

/** "cuts A off from B, C (egress); expires at …": what `kubectl describe pod` shows for an injection. */
export function injectedNote(fault: Fault, expiryJob: string | undefined): string {
  const peers = fault.spec.blockAllEgress
    ? 'all egress except DNS'
    : list(fault.blockedPods.map((p) => (p.namespace === fault.namespace ? p.name : `${p.namespace}/${p.name}`))) || 'no pod yet';
  const ends = expiryJob ? ` (Job ${expiryJob} removes it then, whatever happens to netpart)` : '';
  return `fault ${fault.id}: NetworkPolicy ${fault.policyName} cuts ${list(fault.targetPods.map((p) => p.name))} off from ${peers} (${policyDirection(fault.spec)}); expires at ${fault.expiresAt}${ends}; owner ${fault.owner}`;
}

/** Records an injection: FaultInjected on every subject (the first carries the fault record), one FaultWarning per warning. */
export async function recordInjected(
  kube: Kube,
  fault: Fault,
  subjects: EventSubjects,
  warnings: string[],
  /** expiryJob: the name of the fault's expiry Job, when it has one. */
  options: { expiryJob: string | undefined; now: Date; log?: Logger | undefined },
): Promise<void> {
  await Promise.all([
    writeFaultEvents(
      kube,
      {
        faultId: fault.id,
        reason: 'FaultInjected',
        note: injectedNote(fault, options.expiryJob),
        subjects,
        now: options.now,
        annotations: faultAnnotations(fault),
      },
      options.log,
    ),
    ...warnings.map((warning, index) =>
      writeFaultEvents(
        kube,
        { faultId: fault.id, reason: 'FaultWarning', note: `fault ${fault.id}: ${warning}`, subjects, now: options.now, index },
        options.log,
      ),
    ),
  ]);
}

/** What an ending Event says when the engine itself ended the fault. */
export const endedNote = (reason: FaultEventReason): string =>
  reason === 'FaultExpired' ? 'expired: its NetworkPolicy was deleted by the process holding it' : 'recovered: its NetworkPolicy was deleted';

/**
 * Records how a fault ended. Without `subjects` (a fault another process injected) they are read from its FaultInjected
 * Events first; when none is left, nothing is written.
 */
export async function recordEnded(
  kube: Kube,
  ending: { faultId: string; namespace: string; reason: FaultEventReason; note?: string; subjects?: EventSubjects | undefined },
  options: { now: Date; log?: Logger | undefined },
): Promise<void> {
  let subjects = ending.subjects;
  if (!subjects) {
    try {
      subjects = (await readFaultTrace(kube, ending.faultId, [ending.namespace]))?.subjects;
    } catch (error) {
      options.log?.warn({ faultId: ending.faultId, err: error, note: "could not read the fault's Events to find its pods" }, EVENTS.faultEventNotWritten);
    }
  }
  if (!subjects || (subjects.targets.length === 0 && !subjects.job)) return;
  await writeFaultEvents(
    kube,
    { faultId: ending.faultId, reason: ending.reason, note: `fault ${ending.faultId} ${ending.note ?? endedNote(ending.reason)}`, subjects, now: options.now },
    options.log,
  );
}
