// The sweep's share of Events: faults that ended while no netpart process watched (the expiry Job fired, the runner
// Job was deleted) get their FaultExpired or FaultSwept Event afterwards, from the next sweep.
import { EVENTS } from '../../contract/events.ts';
import type { EventsV1Event } from '@kubernetes/client-node';
import type { Kube } from '../../kube/client.ts';
import type { Logger } from '../../log/logger.ts';
import { LABEL_FAULT_ID, LABEL_MANAGED_BY, MANAGER, policyName } from '../labels.ts';
import { LABEL_EVENT_REASON, type FaultEventReason } from './build.ts';
import { tracesFromEvents, type FaultTrace } from './trace.ts';
import { writeFaultEvents } from './write.ts';

/** One ending the sweep recorded. */
export interface SilentEnd {
  namespace: string;
  faultId: string;
  reason: FaultEventReason;
}

function ending(trace: FaultTrace, now: Date): { reason: FaultEventReason; note: string } {
  const expiresAt = trace.fault?.expiresAt;
  const name = policyName(trace.faultId);
  if (expiresAt && Date.parse(expiresAt) <= now.getTime()) {
    return {
      reason: 'FaultExpired',
      note: `fault ${trace.faultId} expired at ${expiresAt}: Kubernetes deleted NetworkPolicy ${name} (its expiry Job reached its TTL and the garbage collector removed what it owned) while no netpart process held the fault; recorded by a sweep at ${now.toISOString()}`,
    };
  }
  return {
    reason: 'FaultSwept',
    note: `fault ${trace.faultId}: NetworkPolicy ${name} was gone before its expiry (${expiresAt ?? 'unknown'}) with no recovery recorded: its runner Job was deleted, someone deleted it, or the process recovering it died; recorded by a sweep at ${now.toISOString()}`,
  };
}

/**
 * Writes the missing ending of every fault in `namespace` that has a FaultInjected Event, no ending Event, and no policy.
 * `handled` tells the ids the sweep just saw live or deleted itself. Best effort: a failure is logged, never thrown.
 */
export async function recordSilentEnds(kube: Kube, namespace: string, handled: (faultId: string) => boolean, now: Date, log?: Logger): Promise<SilentEnd[]> {
  let events: EventsV1Event[];
  try {
    events = (await kube.events.listNamespacedEvent({ namespace, labelSelector: `${LABEL_MANAGED_BY}=${MANAGER},${LABEL_EVENT_REASON}` })).items;
  } catch (error) {
    log?.debug({ namespace, err: error, note: 'faults that ended unwatched get no Event from this sweep' }, EVENTS.sweepEventsUnreadable);
    return [];
  }
  const open = tracesFromEvents(events).filter((t) => !t.ended && t.injectedAt && !handled(t.faultId));
  const recorded: SilentEnd[] = [];
  for (const trace of open) {
    try {
      // A fault injected after the sweep listed the policies is live: its policy is there now.
      const current = await kube.net.listNamespacedNetworkPolicy({ namespace, labelSelector: `${LABEL_FAULT_ID}=${trace.faultId}` });
      if (current.items.length > 0) continue;
      const { reason, note } = ending(trace, now);
      await writeFaultEvents(kube, { faultId: trace.faultId, reason, note, subjects: trace.subjects, now }, log);
      recorded.push({ namespace, faultId: trace.faultId, reason });
    } catch (error) {
      log?.warn({ namespace, faultId: trace.faultId, err: error }, EVENTS.sweepEventNotWritten);
    }
  }
  return recorded;
}
