// Ephemeral containers as the kubelet treats them: appended to a running pod's spec through the
// pods/ephemeralcontainers subresource, started once in the pod's sandbox, never restarted.
import type { V1Container, V1ContainerStatus, V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import type { ContainerView } from './status.ts';

type Terminated = Extract<ContainerView['state'], { kind: 'terminated' }>;

/** An ephemeral container the runner had not seen, and whether it still has to be started. */
export interface NewEphemeral {
  container: V1Container;
  view: ContainerView;
  start: boolean;
}

/**
 * The container part of an ephemeral container. targetContainerName is dropped: it asks for the target's process
 * namespace, and the agent gives containers no pid namespace of their own (every process sees the others anyway).
 */
export function asContainer(ephemeral: V1EphemeralContainer): V1Container {
  const { targetContainerName: _target, ...container } = ephemeral;
  return container;
}

const pidOf = (containerID: string | undefined) => Number(/^testbed:\/\/(\d+)$/.exec(containerID ?? '')?.[1] ?? -1);

/**
 * The state an earlier agent reported for a container, when it means "already started": such a container is never
 * run again (the kubelet's promise for ephemeral containers). One that was still running is gone with that agent,
 * so it ends the way the kubelet ends a container it lost. undefined: it never started, start it now.
 */
export function priorState(status: V1ContainerStatus | undefined, now = new Date()): Terminated | undefined {
  const t = status?.state?.terminated;
  const pid = pidOf(status?.containerID);
  if (t) {
    const startedAt = t.startedAt ?? now;
    return {
      kind: 'terminated',
      exitCode: t.exitCode,
      signal: t.signal,
      reason: t.reason ?? 'Error',
      message: t.message,
      startedAt,
      finishedAt: t.finishedAt ?? startedAt,
      pid,
    };
  }
  const running = status?.state?.running;
  if (!running) return undefined;
  return {
    kind: 'terminated',
    exitCode: 137,
    reason: 'ContainerStatusUnknown',
    message: 'the testbed node agent restarted while the container ran',
    startedAt: running.startedAt ?? now,
    finishedAt: now,
    pid,
  };
}

/** spec.ephemeralContainers entries whose names are not in `known`, in spec order (the API only ever appends). */
export function newEphemeralContainers(pod: V1Pod, known: ReadonlySet<string>, now = new Date()): NewEphemeral[] {
  const reported = new Map((pod.status?.ephemeralContainerStatuses ?? []).map((s) => [s.name, s]));
  return (pod.spec?.ephemeralContainers ?? [])
    .filter((e) => !known.has(e.name))
    .map((e) => {
      const prior = priorState(reported.get(e.name), now);
      const view: ContainerView = { name: e.name, image: e.image ?? '', restartCount: 0, state: prior ?? { kind: 'waiting', reason: 'ContainerCreating' } };
      return { container: asContainer(e), view, start: prior === undefined };
    });
}
