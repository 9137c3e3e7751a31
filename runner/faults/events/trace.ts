// A fault's life read back from its Events: the durable trace (as long as the cluster keeps Events, 1 h by default)
// that tells "recovered or expired" from "never existed" once the policy is gone.
import type { EventsV1Event } from '@kubernetes/client-node';
import { statusCode, type Kube } from '../../kube/client.ts';
import { LABEL_FAULT_ID, policyName } from '../labels.ts';
import { faultFromPolicy } from '../record.ts';
import type { Fault } from '../types.ts';
import { ENDING_REASONS, LABEL_EVENT_REASON, type EventSubjects, type FaultEventReason } from './build.ts';
import { subjectsOfEvents } from './subjects.ts';

/** What the Events of one fault say. */
export interface FaultTrace {
  faultId: string;
  namespace: string;
  /** The fault as injected (from the first FaultInjected Event's annotations); absent once that Event is gone. */
  fault?: Fault;
  /** When it was injected, from the FaultInjected Events. */
  injectedAt?: string;
  subjects: EventSubjects;
  /** How and when it ended; absent while no ending was recorded (active, or ended with nobody watching). */
  ended?: { reason: FaultEventReason; at: string; note: string };
}

// client-node hands MicroTime back as the wire string (it has no deserializer for it), typed as a Date.
const timeOf = (e: EventsV1Event): string => {
  const raw = e.eventTime as unknown;
  const t = raw instanceof Date ? raw : new Date(typeof raw === 'string' ? raw : '');
  return Number.isNaN(t.getTime()) ? '' : t.toISOString();
};
const reasonOf = (e: EventsV1Event): FaultEventReason | undefined => e.metadata?.labels?.[LABEL_EVENT_REASON] as FaultEventReason | undefined;

/** Groups netpart Events by fault (per namespace) and reads each fault's trace. */
export function tracesFromEvents(events: EventsV1Event[]): FaultTrace[] {
  const groups = new Map<string, EventsV1Event[]>();
  for (const event of events) {
    const id = event.metadata?.labels?.[LABEL_FAULT_ID];
    if (!id || !reasonOf(event)) continue;
    const key = `${event.metadata?.namespace ?? ''}/${id}`;
    groups.set(key, [...(groups.get(key) ?? []), event]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const faultId = first.metadata!.labels![LABEL_FAULT_ID]!;
    const namespace = first.metadata?.namespace ?? '';
    const injected = group.filter((e) => reasonOf(e) === 'FaultInjected');
    const record = injected.find((e) => e.metadata?.annotations);
    const ending = group.filter((e) => ENDING_REASONS.includes(reasonOf(e)!)).sort((a, b) => timeOf(a).localeCompare(timeOf(b)))[0];
    const ended = ending ? { reason: reasonOf(ending)!, at: timeOf(ending), note: ending.note ?? '' } : undefined;
    // The recorded fault reads like its policy did: same annotations, same parser.
    const fault =
      record &&
      faultFromPolicy({ metadata: { name: policyName(faultId), namespace, labels: { [LABEL_FAULT_ID]: faultId }, annotations: record.metadata?.annotations } });
    return {
      faultId,
      namespace,
      ...(fault ? { fault: { ...fault, status: ended ? 'recovered' : fault.status, ...(ended ? { recoveredAt: ended.at } : {}) } } : {}),
      ...(injected[0] ? { injectedAt: timeOf(injected[0]) } : {}),
      subjects: subjectsOfEvents(namespace, injected),
      ...(ended ? { ended } : {}),
    } satisfies FaultTrace;
  });
}

/** The netpart Events matching `labelSelector` in `namespaces` (cluster-wide when undefined and allowed, else kube's own). */
export async function listFaultEvents(kube: Kube, labelSelector: string, namespaces?: string[]): Promise<EventsV1Event[]> {
  if (namespaces && namespaces.length > 0) {
    const lists = await Promise.all(namespaces.map((namespace) => kube.events.listNamespacedEvent({ namespace, labelSelector })));
    return lists.flatMap((l) => l.items);
  }
  try {
    return (await kube.events.listEventForAllNamespaces({ labelSelector })).items;
  } catch (error) {
    if (statusCode(error) !== 403) throw error;
    return (await kube.events.listNamespacedEvent({ namespace: kube.namespace, labelSelector })).items;
  }
}

/** The trace of one fault id, or undefined when no Event of it exists (never injected, or its Events expired). */
export async function readFaultTrace(kube: Kube, faultId: string, namespaces?: string[]): Promise<FaultTrace | undefined> {
  const events = await listFaultEvents(kube, `${LABEL_FAULT_ID}=${faultId},${LABEL_EVENT_REASON}`, namespaces);
  return tracesFromEvents(events)[0];
}
