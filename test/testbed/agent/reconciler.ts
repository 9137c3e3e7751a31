// Keeps the node's pods in line with the API: binds unscheduled pods, starts bound ones, honours deletions.
import type { V1Pod } from '@kubernetes/client-node';
import { isNotFound } from '../../../runner/kube/client.ts';
import type { AgentDeps } from './deps.ts';
import type { ContainerLogSource } from './log-server.ts';
import { PodRunner } from './pod-runner.ts';

const DEFAULT_SCHEDULER = 'default-scheduler';

/** The agent's pod loop: a watch triggers a full reconcile, and a slow poll catches anything the watch missed. */
export class PodReconciler {
  private readonly runners = new Map<string, PodRunner>();
  private readonly deleting = new Set<string>();
  private readonly binding = new Set<string>();
  private queued = false;
  private running = false;
  private stopped = false;

  constructor(private readonly deps: AgentDeps) {}

  /** Logs of a container on this node, for the log endpoint. */
  logs(namespace: string, pod: string, container: string): ContainerLogSource | undefined {
    for (const runner of this.runners.values()) if (runner.key === `${namespace}/${pod}`) return runner.logs.get(container);
    return undefined;
  }

  /** Stops every container on the node (agent shutdown); pods stay in the API as the kubelet would leave them. */
  async shutdown(graceSeconds: number): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.runners.values()].map((r) => r.stop(graceSeconds).catch(() => undefined)));
  }

  /** Starts the watch and the poll; returns once the first reconcile ran. */
  async start(): Promise<void> {
    await this.reconcile();
    setInterval(() => this.trigger(), 3000).unref();
    this.watch();
  }

  private watch(): void {
    const restart = (err: unknown) => {
      if (err) this.deps.log.warn({ err }, 'pod watch ended; restarting');
      setTimeout(() => this.watch(), 1000);
    };
    this.deps.kube.watch.watch('/api/v1/pods', {}, () => this.trigger(), restart).catch(restart);
  }

  /** Schedules a reconcile; bursts of events collapse into one. */
  trigger(): void {
    if (this.queued) return;
    this.queued = true;
    setTimeout(() => {
      this.queued = false;
      void this.reconcile();
    }, 50);
  }

  private async reconcile(): Promise<void> {
    if (this.stopped) return;
    if (this.running) return this.trigger();
    this.running = true;
    try {
      const pods = (await this.deps.kube.core.listPodForAllNamespaces({})).items;
      const seen = new Set<string>();
      for (const pod of pods) {
        const uid = pod.metadata?.uid ?? '';
        seen.add(uid);
        if (!pod.spec?.nodeName) this.bind(pod);
        else if (pod.spec.nodeName === this.deps.nodeName) this.ensure(pod);
      }
      for (const [uid, runner] of this.runners) {
        if (seen.has(uid)) continue;
        // Force-deleted (or GC'd with grace 0) while running: kill without waiting for a grace period.
        this.runners.delete(uid);
        void runner.stop(0);
      }
    } catch (error) {
      this.deps.log.warn({ err: error }, 'reconcile failed');
    } finally {
      this.running = false;
    }
  }

  private bind(pod: V1Pod): void {
    const uid = pod.metadata?.uid ?? '';
    const scheduler = pod.spec?.schedulerName ?? DEFAULT_SCHEDULER;
    if (pod.metadata?.deletionTimestamp || scheduler !== DEFAULT_SCHEDULER || this.binding.has(uid)) return;
    this.binding.add(uid);
    const { name = '', namespace = '' } = pod.metadata ?? {};
    this.deps.kube.core
      .createNamespacedPodBinding({ name, namespace, body: { metadata: { name, uid }, target: { apiVersion: 'v1', kind: 'Node', name: this.deps.nodeName } } })
      .then(() => this.deps.log.info({ pod: `${namespace}/${name}` }, 'bound pod'))
      .catch((err: unknown) => this.deps.log.warn({ err, pod: `${namespace}/${name}` }, 'binding failed'))
      .finally(() => this.binding.delete(uid));
  }

  private ensure(pod: V1Pod): void {
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
    if (runner) return runner.update(pod);
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
      if (!isNotFound(error)) this.deps.log.warn({ err: error, pod: `${namespace}/${name}` }, 'final pod delete failed');
    }
    this.runners.delete(uid);
  }
}
