// Events (events.k8s.io/v1) that tell what netpart did to a pod and when: pure builders, one Event per subject.
import type { EventsV1Event, V1ObjectReference } from '@kubernetes/client-node';
import { hostname } from 'node:os';
import { LABEL_FAULT_ID, LABEL_MANAGED_BY, MANAGER } from '../labels.ts';

/** The reasons netpart writes; `kubectl get events --field-selector reason=FaultExpired` finds them. */
export const FAULT_EVENT_REASONS = ['FaultInjected', 'FaultWarning', 'FaultRecovered', 'FaultExpired', 'FaultSwept'] as const;
export type FaultEventReason = (typeof FAULT_EVENT_REASONS)[number];
/** The reasons that end a fault. */
export const ENDING_REASONS: readonly FaultEventReason[] = ['FaultRecovered', 'FaultExpired', 'FaultSwept'];
/** Label on every netpart Event holding its reason, so one label selector lists a fault's life without a field index. */
export const LABEL_EVENT_REASON = 'netpart.dev/event';
/** `reportingController` of every netpart Event. */
export const REPORTING_CONTROLLER = 'netpart.dev/fault-engine';

const ACTIONS: Record<FaultEventReason, string> = {
  FaultInjected: 'Inject',
  FaultWarning: 'Inject',
  FaultRecovered: 'Recover',
  FaultExpired: 'Expire',
  FaultSwept: 'Sweep',
};

/** Who an Event is about: the fault's target pods, and the runner Job holding it when there is one. */
export interface EventSubjects {
  namespace: string;
  targets: { name: string; uid?: string | undefined }[];
  job?: { name: string; uid?: string | undefined } | undefined;
}

/** One transition of one fault, to be written on each subject. */
export interface FaultEventInput {
  faultId: string;
  reason: FaultEventReason;
  note: string;
  subjects: EventSubjects;
  now: Date;
  /** Distinguishes several Events of one reason on one subject (warnings). */
  index?: number;
  /** Put on the first Event only: the fault record (the policy's annotations), for the API's "was it ever injected". */
  annotations?: Record<string, string> | undefined;
}

// Event notes are limited to 1 kB by the API server.
const NOTE_LIMIT = 1000;
const clip = (text: string): string => (text.length <= NOTE_LIMIT ? text : `${text.slice(0, NOTE_LIMIT - 1)}…`);

// MicroTime must carry exactly six fractional digits; a JS Date gives three (the API server refuses those).
const microTime = (date: Date): Date => date.toISOString().replace(/Z$/, '000Z') as unknown as Date;

const podRef = (namespace: string, pod: EventSubjects['targets'][number]): V1ObjectReference => ({
  apiVersion: 'v1',
  kind: 'Pod',
  namespace,
  name: pod.name,
  ...(pod.uid ? { uid: pod.uid } : {}),
});
const jobRef = (namespace: string, job: NonNullable<EventSubjects['job']>): V1ObjectReference => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  namespace,
  name: job.name,
  ...(job.uid ? { uid: job.uid } : {}),
});

/** The instance that writes: the pod's name in a cluster, the machine's name elsewhere (≤ 128 characters). */
export const reportingInstance = (): string => hostname().slice(0, 128) || 'unknown';

// Deterministic names: a retried or concurrent write of the same transition is a 409, not a second Event.
function eventName(subject: string, input: FaultEventInput): string {
  const suffix = `.${input.faultId}.${input.reason.toLowerCase()}${input.index === undefined ? '' : `-${input.index}`}`;
  return `${subject.slice(0, 253 - suffix.length)}${suffix}`;
}

/** The Events of one transition: one regarding each target pod (related: the runner Job), one regarding the Job. */
export function faultEvents(input: FaultEventInput): EventsV1Event[] {
  const { namespace, targets, job } = input.subjects;
  const pairs: [V1ObjectReference, V1ObjectReference | undefined][] = [
    ...targets.map((t): [V1ObjectReference, V1ObjectReference | undefined] => [podRef(namespace, t), job ? jobRef(namespace, job) : undefined]),
    ...(job ? [[jobRef(namespace, job), targets[0] ? podRef(namespace, targets[0]) : undefined] as [V1ObjectReference, V1ObjectReference | undefined]] : []),
  ];
  const labels = { [LABEL_MANAGED_BY]: MANAGER, [LABEL_FAULT_ID]: input.faultId, [LABEL_EVENT_REASON]: input.reason };
  const instance = reportingInstance();
  return pairs.map(([regarding, related], i) => ({
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: {
      name: eventName(regarding.name ?? 'fault', input),
      namespace,
      labels,
      ...(i === 0 && input.annotations ? { annotations: input.annotations } : {}),
    },
    eventTime: microTime(input.now),
    reportingController: REPORTING_CONTROLLER,
    reportingInstance: instance,
    action: ACTIONS[input.reason],
    reason: input.reason,
    type: input.reason === 'FaultWarning' ? 'Warning' : 'Normal',
    note: clip(input.note),
    regarding,
    ...(related ? { related } : {}),
  }));
}
