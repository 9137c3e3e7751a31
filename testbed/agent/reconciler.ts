// Keeps the node's pods in line with the API: binds unscheduled pods, starts bound ones, honours deletions.
import type { V1Pod } from '@kubernetes/client-node';
import { isNotFound } from '../../runner/kube/client.ts';
import type { AgentDeps } from './deps.ts';
import type { ContainerLogSource } from './log-server.ts';
import { PodInformer } from './pod-informer.ts';
import { PodRunner } from './pod-runner.ts';

const DEFAULT_SCHEDULER = 'default-scheduler';
// The safety net replays the informers' memory (no API request): a bind that failed, a runner whose pod vanished.
const RESYNC_MS = 30_000;
const RETRY_MS = 1000;

/** Whether the agent also plays the scheduler (binds every unscheduled pod to its node). */
export interface ReconcilerOptions {
  schedule: boolean;
}

/**
 * The agent's pod loop, as a kubelet's: it watches only its own node's pods (and, as the scheduler, the unscheduled
 * ones) and acts on each event; a periodic resync from memory catches anything an event did not settle.
 */
export class PodReconciler {
  private readonly runners = new Map<string, PodRunner>();
  private readonly deleting = new Set<string>();
  private readonly binding = new Set<string>();
  private readonly informers: PodInformer[] = [];
  private readonly nodePods: PodInformer;
  private readonly unscheduled?: PodInformer;
  private resync?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly deps: AgentDeps,
    options: ReconcilerOptions = { schedule: true },
  ) {
    this.nodePods = new PodInformer(
      deps.kube,
      `spec.nodeName=${deps.nodeName}`,
      { upsert: (pod) => this.ensure(pod), remove: (pod) => this.gone(pod) },
      deps.log,
    );
    this.informers.push(this.nodePods);
    if (options.schedule) {
      this.unscheduled = new PodInformer(deps.kube, 'spec.nodeName=', { upsert: (pod) => this.bind(pod), remove: () => undefined }, deps.log);
      this.informers.push(this.unscheduled);
    }
  }

  /** Logs of a container on this node, for the log endpoint. */
  logs(namespace: string, pod: string, container: string): ContainerLogSource | undefined {
    for (const runner of this.runners.values()) if (runner.key === `${namespace}/${pod}`) return runner.logs.get(container);
    return undefined;
  }

  /** Stops every container on the node (agent shutdown); pods stay in the API as the kubelet would leave them. */
  async shutdown(graceSeconds: number): Promise<void> {
    this.stopped = true;
    clearInterval(this.resync);
    clearTimeout(this.retry);
    await Promise.all(this.informers.map((i) => i.stop().catch(() => undefined)));
    await Promise.all([...this.runners.values()].map((r) => r.stop(graceSeconds).catch(() => undefined)));
  }

  /** Starts the informers and the resync; returns once their first lists were acted on. */
  async start(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.start()));
    this.resync = setInterval(() => this.resyncFromCache(), RESYNC_MS);
    this.resync.unref();
  }

  private resyncFromCache(): void {
    if (this.stopped) return;
    const seen = new Set<string>();
    for (const pod of this.nodePods.pods()) {
      seen.add(pod.metadata?.uid ?? '');
      this.ensure(pod);
    }
    for (const [uid, runner] of this.runners) if (!seen.has(uid)) this.forget(uid, runner);
    for (const pod of this.unscheduled?.pods() ?? []) this.bind(pod);
  }

  // A failed bind or final delete is retried from memory shortly after; the pod is then still unscheduled or deleting.
  private retrySoon(): void {
    if (this.retry || this.stopped) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.resyncFromCache();
    }, RETRY_MS);
    this.retry.unref();
  }

  // The pod left the API (or this node's watch) while the agent did not delete it itself.
  private gone(pod: V1Pod): void {
    const uid = pod.metadata?.uid ?? '';
    const runner = this.runners.get(uid);
    if (runner && !this.deleting.has(uid)) this.forget(uid, runner);
  }

  // Force-deleted (or GC'd with grace 0) while running: kill without waiting for a grace period.
  private forget(uid: string, runner: PodRunner): void {
    this.runners.delete(uid);
    void runner.stop(0);
  }

  private bind(pod: V1Pod): void {
    if (this.stopped) return;
    const uid = pod.metadata?.uid ?? '';
    const scheduler = pod.spec?.schedulerName ?? DEFAULT_SCHEDULER;
    if (pod.metadata?.deletionTimestamp || scheduler !== DEFAULT_SCHEDULER || this.binding.has(uid)) return;
    this.binding.add(uid);
    const { name = '', namespace = '' } = pod.metadata ?? {};
    this.deps.kube.core
      .createNamespacedPodBinding({ name, namespace, body: { metadata: { name, uid }, target: { apiVersion: 'v1', kind: 'Node', name: this.deps.nodeName } } })
      .then(() => this.deps.log.info({ pod: `${namespace}/${name}` }, 'bound pod'))
      .catch((err: unknown) => {
        this.deps.log.warn({ err, pod: `${namespace}/${name}` }, 'binding failed');
        this.retrySoon();
      })
      .finally(() => this.binding.delete(uid));
  }

  private ensure(pod: V1Pod): void {
    if (this.stopped) return;
    const uid = pod.metadata?.uid ?? '';
    let runner = this.runners.get(uid);
    if (pod.metadata?.deletionTimestamp) {
      if (!this.deleting.has(uid)) {
        this.deleting.add(uid);
        void this.terminate(pod, runner).finally(() => this.deleting.delete(uid));
      }
      return;
    }
    // A pod it already runs: hand over the new object (ephemeral containers are added to running pods).
    if (runner) {
      runner.update(pod);
      return;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    runner = new PodRunner(pod, this.deps);
    this.runners.set(uid, runner);
    this.deps.log.info({ pod: runner.key }, 'starting pod');
  }

  private async terminate(pod: V1Pod, runner: PodRunner | undefined): Promise<void> {
    const { name = '', namespace = '', uid = '' } = pod.metadata ?? {};
    const grace = pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    if (runner) await runner.stop(grace);
    try {
      await this.deps.kube.core.deleteNamespacedPod({ name, namespace, body: { gracePeriodSeconds: 0, preconditions: { uid } } });
      this.deps.log.info({ pod: `${namespace}/${name}` }, 'pod terminated and deleted');
    } catch (error) {
      if (!isNotFound(error)) {
        this.deps.log.warn({ err: error, pod: `${namespace}/${name}` }, 'final pod delete failed');
        this.retrySoon();
      }
    }
    this.runners.delete(uid);
  }
}
