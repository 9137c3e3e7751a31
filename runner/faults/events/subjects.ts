// Who a fault's Events are about, from whichever source is at hand: the injector's pods, a policy, or earlier Events.
import type { EventsV1Event, V1NetworkPolicy } from '@kubernetes/client-node';
import { ANNOTATION_OWNER, ANNOTATION_OWNER_UID, parseJobOwner } from '../labels.ts';
import { faultFromPolicy } from '../record.ts';
import type { EventSubjects } from './build.ts';

/** A runner Job as the engine knows it (from InjectOptions.ownerJob or the owner annotation). */
export interface SubjectJob {
  name: string;
  uid?: string | undefined;
  namespace?: string | undefined;
}

/** The subjects of a fault in `namespace`; a runner Job elsewhere is left out (an Event lives beside what it regards). */
export function faultSubjects(namespace: string, targets: { name: string; uid?: string | undefined }[], job?: SubjectJob): EventSubjects {
  const sameNamespace = job && (job.namespace === undefined || job.namespace === namespace);
  return {
    namespace,
    targets: targets.map((t) => ({ name: t.name, ...(t.uid ? { uid: t.uid } : {}) })),
    ...(sameNamespace ? { job: { name: job.name, ...(job.uid ? { uid: job.uid } : {}) } } : {}),
  };
}

/** The subjects of the fault a policy holds (the sweep's view); undefined for a policy that is not one of ours. */
export function subjectsOfPolicy(policy: V1NetworkPolicy): EventSubjects | undefined {
  const fault = faultFromPolicy(policy);
  if (!fault) return undefined;
  const owner = parseJobOwner(fault.owner);
  const job = owner ? { ...owner, uid: policy.metadata?.annotations?.[ANNOTATION_OWNER_UID] } : undefined;
  return faultSubjects(fault.namespace, fault.targetPods, job);
}

/** The subjects the FaultInjected Events of one fault were written on (a fault seen only through its Events). */
export function subjectsOfEvents(namespace: string, injected: EventsV1Event[]): EventSubjects {
  const pods = injected.filter((e) => e.regarding?.kind === 'Pod').map((e) => ({ name: e.regarding?.name ?? '', uid: e.regarding?.uid }));
  const job = injected.find((e) => e.regarding?.kind === 'Job')?.regarding;
  const owner = parseJobOwner(injected.find((e) => e.metadata?.annotations?.[ANNOTATION_OWNER])?.metadata?.annotations?.[ANNOTATION_OWNER] ?? '');
  const named = job?.name ? { name: job.name, uid: job.uid } : owner ? { name: owner.name, namespace: owner.namespace } : undefined;
  return faultSubjects(namespace, pods, named);
}
