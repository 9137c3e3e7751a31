// Pod status as the kubelet reports it, built from the agent's view of each container.
import type { V1ContainerStatus, V1PodCondition, V1PodStatus } from '@kubernetes/client-node';

/** The agent's record of one container. */
export interface ContainerView {
  name: string;
  image: string;
  restartCount: number;
  state:
    | { kind: 'waiting'; reason: string; message?: string }
    | { kind: 'running'; startedAt: Date; pid: number }
    | { kind: 'terminated'; exitCode: number; signal?: number; reason: string; message?: string; startedAt: Date; finishedAt: Date; pid: number };
  lastTerminated?: Extract<ContainerView['state'], { kind: 'terminated' }>;
}

/** The agent's record of one pod. */
export interface PodView {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  podIP?: string;
  hostIP: string;
  startTime: Date;
  init: ContainerView[];
  main: ContainerView[];
  /** spec.ephemeralContainers the agent has seen, in the order they were added. */
  ephemeral: ContainerView[];
  message?: string;
  reason?: string;
}

type Role = 'init' | 'main' | 'ephemeral';

function containerStatus(c: ContainerView, role: Role): V1ContainerStatus {
  const s = c.state;
  const terminated = (t: Extract<ContainerView['state'], { kind: 'terminated' }>) => ({
    exitCode: t.exitCode,
    signal: t.signal,
    reason: t.reason,
    message: t.message,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    containerID: `testbed://${t.pid}`,
  });
  const id = s.kind === 'waiting' ? undefined : `testbed://${s.pid}`;
  return {
    name: c.name,
    image: c.image,
    imageID: `testbed://${c.image}`,
    containerID: id,
    restartCount: c.restartCount,
    // The kubelet's prober never marks an ephemeral container ready or started: it serves no traffic.
    ready: role === 'init' ? s.kind === 'terminated' && s.exitCode === 0 : role === 'main' && s.kind === 'running',
    started: role === 'ephemeral' ? undefined : s.kind === 'running',
    state:
      s.kind === 'waiting'
        ? { waiting: { reason: s.reason, message: s.message } }
        : s.kind === 'running'
          ? { running: { startedAt: s.startedAt } }
          : { terminated: terminated(s) },
    lastState: c.lastTerminated ? { terminated: terminated(c.lastTerminated) } : {},
  };
}

function condition(type: string, ok: boolean, now: Date, reason?: string): V1PodCondition {
  return { type, status: ok ? 'True' : 'False', lastTransitionTime: now, lastProbeTime: undefined, reason: ok ? undefined : reason };
}

/** The full status object the agent writes with a merge patch (lists are replaced whole, as intended). */
export function podStatus(view: PodView, now = new Date()): V1PodStatus {
  const initDone = view.init.every((c) => c.state.kind === 'terminated' && c.state.exitCode === 0);
  const ready = view.phase === 'Running' && view.main.every((c) => c.state.kind === 'running');
  return {
    phase: view.phase,
    reason: view.reason,
    message: view.message,
    hostIP: view.hostIP,
    hostIPs: [{ ip: view.hostIP }],
    podIP: view.podIP,
    podIPs: view.podIP ? [{ ip: view.podIP }] : [],
    startTime: view.startTime,
    conditions: [
      condition('PodReadyToStartContainers', view.podIP !== undefined, now),
      condition('Initialized', initDone, now, 'ContainersNotInitialized'),
      condition('Ready', ready, now, view.phase === 'Running' ? 'ContainersNotReady' : 'PodCompleted'),
      condition('ContainersReady', ready, now, view.phase === 'Running' ? 'ContainersNotReady' : 'PodCompleted'),
      condition('PodScheduled', true, now),
    ],
    initContainerStatuses: view.init.map((c) => containerStatus(c, 'init')),
    containerStatuses: view.main.map((c) => containerStatus(c, 'main')),
    ephemeralContainerStatuses: view.ephemeral.map((c) => containerStatus(c, 'ephemeral')),
  };
}
