// Runs one pod bound to the node: sandbox, volumes, init containers in order, then containers, reporting status;
// ephemeral containers added later run once in the same sandbox.
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startContainer, stopProcesses, type ContainerProcess } from './container.ts';
import { DEADLINE_EXCEEDED, DeadlineTimer } from './deadline.ts';
import { statusCode } from '../../runner/kube/client.ts';
import type { AgentDeps } from './deps.ts';
import { newEphemeralContainers } from './ephemeral.ts';
import { ContainerConfigError, prepareLaunch, terminationMessage, type ContainerLaunch, type PodContext } from './launch.ts';
import type { ContainerLogSource } from './log-server.ts';
import type { Sandbox } from './sandbox.ts';
import { podStatus, type ContainerView, type PodView } from './status.ts';

// The pod is gone (404) or another pod has its name now (uid refused: 409/422): its last status has no one to go to.
const replacedOrGone = (error: unknown): boolean => [404, 409, 422].includes(statusCode(error) ?? 0);

/** Supervises the processes of one pod and keeps its status current. */
export class PodRunner {
  readonly view: PodView;
  readonly logs = new Map<string, ContainerLogSource>();
  private readonly procs = new Map<string, ContainerProcess>();
  private readonly abort = new AbortController();
  private sandbox?: Sandbox;
  private reporting: Promise<void> = Promise.resolve();
  private readonly dir: string;
  // Declared before `ready` so its initializer's assignment is not reset to undefined afterwards.
  private resolveReady!: (ctx: PodContext | undefined) => void;
  /** The pod's sandbox and volumes once they exist; undefined when the pod ended first. */
  private readonly ready = new Promise<PodContext | undefined>((resolve) => (this.resolveReady = resolve));
  private readonly ephemeralRuns: Promise<void>[] = [];
  private finishing = false;
  private readonly deadline = new DeadlineTimer(() => void this.exceedDeadline());
  /** Settles when the pod reached a terminal phase (or was stopped) and its last status was written. */
  readonly settled: Promise<void>;

  constructor(
    private pod: V1Pod,
    private readonly deps: AgentDeps,
  ) {
    const spec = pod.spec;
    const waiting = (c: V1Container): ContainerView => ({
      name: c.name,
      image: c.image ?? '',
      restartCount: 0,
      state: { kind: 'waiting', reason: 'PodInitializing' },
    });
    // A pod this node ran before (agent restart) keeps its startTime: activeDeadlineSeconds counts from it.
    const startTime = pod.status?.startTime ? new Date(pod.status.startTime) : new Date();
    this.view = {
      phase: 'Pending',
      hostIP: deps.nodeIP,
      startTime,
      init: (spec?.initContainers ?? []).map(waiting),
      main: (spec?.containers ?? []).map(waiting),
      ephemeral: [],
    };
    this.dir = join(deps.runDir, `${pod.metadata?.namespace}_${pod.metadata?.name}_${pod.metadata?.uid}`);
    this.update(pod);
    this.settled = this.run().catch((error: unknown) => {
      deps.log.error({ err: error, pod: this.key }, 'pod runner crashed');
      this.resolveReady(undefined);
      this.view.phase = 'Failed';
      this.view.message = `testbed node agent error: ${(error as Error).message}`;
      return this.report();
    });
  }

  get key(): string {
    return `${this.pod.metadata?.namespace}/${this.pod.metadata?.name}`;
  }

  private get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  /** No new container process may start: the pod is being deleted, or it reached its terminal phase. */
  private get closed(): boolean {
    return this.stopping || this.finishing;
  }

  /**
   * The pod as the API has it now. Like the kubelet, the agent acts on the only changes a running pod's spec can
   * carry that matter here: appended ephemeral containers (each started once) and activeDeadlineSeconds.
   */
  update(pod: V1Pod): void {
    this.pod = pod;
    const fresh = newEphemeralContainers(pod, new Set(this.view.ephemeral.map((v) => v.name)));
    for (const e of fresh) {
      this.view.ephemeral.push(e.view);
      if (!e.start) continue;
      const run = this.runEphemeral(e.container, e.view).catch((error: unknown) => {
        // Only this container failed (e.g. a mount the agent cannot make); the pod and the agent carry on.
        this.deps.log.warn({ err: error, pod: this.key, container: e.view.name }, 'ephemeral container failed to start');
        e.view.state = { kind: 'waiting', reason: 'RunContainerError', message: (error as Error).message };
        return this.report();
      });
      this.ephemeralRuns.push(run);
    }
    if (fresh.length > 0) void this.report();
    if (!this.finishing) this.deadline.arm(this.view.startTime, pod.spec?.activeDeadlineSeconds);
  }

  // The uid makes the patch a precondition: a pod force-deleted and recreated under the same name must not receive the
  // old pod's final status (the API refuses a uid that is not the stored one), as the kubelet keys status by uid.
  private report(): Promise<void> {
    const body = { metadata: { uid: this.pod.metadata?.uid }, status: podStatus(this.view) };
    this.reporting = this.reporting.then(() =>
      this.deps.kube.core
        .patchNamespacedPodStatus({ name: this.pod.metadata?.name ?? '', namespace: this.pod.metadata?.namespace ?? '', body }, this.deps.mergePatch)
        .then(() => undefined)
        .catch((error: unknown) => {
          if (!replacedOrGone(error)) this.deps.log.warn({ err: error, pod: this.key }, 'pod status update failed');
        }),
    );
    return this.reporting;
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.abort.signal }).catch(() => undefined);
  }

  private async run(): Promise<void> {
    mkdirSync(join(this.dir, 'logs'), { recursive: true });
    this.sandbox = await this.deps.sandbox.prepare(this.pod);
    this.view.podIP = this.sandbox.podIP;
    const ips = { podIP: this.sandbox.podIP, hostIP: this.deps.nodeIP };
    let volumeDirs: Map<string, string> | undefined;
    while (!volumeDirs && !this.stopping) {
      try {
        volumeDirs = await this.deps.volumes.build(this.pod, this.dir, ips);
      } catch (error) {
        for (const c of [...this.view.init, ...this.view.main]) c.state = { kind: 'waiting', reason: 'ContainerCreating', message: (error as Error).message };
        await this.report();
        await this.pause(2000);
      }
    }
    await this.report();
    if (!volumeDirs) return this.finish();
    const sandbox = this.sandbox;
    const dirs = volumeDirs;
    // The current pod object each time: env fieldRefs of a container started later see today's labels.
    const ctx = (): PodContext => ({ pod: this.pod, deps: this.deps, sandbox, dir: this.dir, volumeDirs: dirs, ips });
    // Ephemeral containers may start before initialization completes, as the kubelet allows.
    this.resolveReady(ctx());
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    for (const [i, c] of (this.pod.spec?.initContainers ?? []).entries()) {
      const view = this.view.init[i] as ContainerView;
      for (;;) {
        if (this.stopping) return this.finish();
        const code = (await this.runOnce(c, view, ctx())) ?? 1;
        if (code === 0) break;
        if (policy === 'Never' || this.stopping) return this.finish();
        await this.restartBackoff(view);
      }
    }
    this.view.phase = 'Running';
    await Promise.all(
      (this.pod.spec?.containers ?? []).map(async (c, i) => {
        const view = this.view.main[i] as ContainerView;
        for (;;) {
          if (this.stopping) return;
          const code = (await this.runOnce(c, view, ctx())) ?? 1;
          if (this.stopping || policy === 'Never' || (policy === 'OnFailure' && code === 0)) return;
          await this.restartBackoff(view);
        }
      }),
    );
    return this.finish();
  }

  // Never restarted: a container that could not even be created (CreateContainerConfigError) is retried until it starts.
  private async runEphemeral(c: V1Container, view: ContainerView): Promise<void> {
    const ctx = await this.ready;
    while (ctx && !this.closed && (await this.runOnce(c, view, { ...ctx, pod: this.pod })) === undefined);
    if (view.state.kind === 'waiting' && this.closed) {
      view.state = { kind: 'waiting', reason: this.stopping ? 'PodTerminating' : 'PodCompleted' };
      await this.report();
    }
  }

  private async restartBackoff(view: ContainerView): Promise<void> {
    await this.pause(Math.min(10_000 * 2 ** view.restartCount, 300_000) / 10);
    if (view.state.kind === 'terminated') view.lastTerminated = view.state;
    view.restartCount += 1;
  }

  private async finish(): Promise<void> {
    this.finishing = true;
    this.deadline.cancel();
    this.resolveReady(undefined);
    // A terminal pod keeps no running container: the kubelet kills the ephemeral ones still running too.
    const ephemeral = this.view.ephemeral.filter((v) => v.state.kind === 'running').flatMap((v) => this.procs.get(v.name) ?? []);
    await stopProcesses(ephemeral, this.pod.spec?.terminationGracePeriodSeconds ?? 30);
    await Promise.all(this.ephemeralRuns);
    const all = [...this.view.init, ...this.view.main];
    const succeeded = all.every((c) => c.state.kind === 'terminated' && c.state.exitCode === 0);
    this.view.phase = succeeded && this.view.reason !== DEADLINE_EXCEEDED.reason ? 'Succeeded' : 'Failed';
    for (const c of [...all, ...this.view.ephemeral])
      if (c.state.kind === 'waiting') c.state = { kind: 'waiting', reason: this.stopping ? 'PodTerminating' : 'PodCompleted' };
    await this.report();
    await this.sandbox?.release();
  }

  /** One attempt of `c`; its exit code, or undefined when it was not started (config error, pod closing). */
  private async runOnce(c: V1Container, view: ContainerView, ctx: PodContext): Promise<number | undefined> {
    let launch: ContainerLaunch;
    try {
      launch = await prepareLaunch(ctx, c, `${c.name}-${view.restartCount}`);
    } catch (error) {
      if (!(error instanceof ContainerConfigError)) throw error;
      view.state = { kind: 'waiting', reason: 'CreateContainerConfigError', message: error.message };
      await this.report();
      await this.pause(2000);
      return undefined;
    }
    const previousPath = this.logs.get(c.name)?.path;
    if (this.closed) return undefined;
    const proc = startContainer(launch.argv, launch.env, launch.logPath);
    this.procs.set(c.name, proc);
    this.logs.set(c.name, { path: launch.logPath, previousPath, running: () => view.state.kind === 'running' });
    view.state = { kind: 'running', startedAt: proc.startedAt, pid: proc.pid };
    await this.report();
    const exit = await proc.exited;
    view.state = {
      kind: 'terminated',
      exitCode: exit.exitCode,
      reason: exit.exitCode === 0 ? 'Completed' : 'Error',
      message: terminationMessage(launch, exit.exitCode, c.terminationMessagePolicy),
      startedAt: proc.startedAt,
      finishedAt: exit.finishedAt,
      pid: proc.pid,
    };
    await this.report();
    return exit.exitCode;
  }

  // What the kubelet does when activeDeadlineSeconds passes: kill everything, the pod ends Failed/DeadlineExceeded.
  private async exceedDeadline(): Promise<void> {
    if (this.closed) return;
    this.view.reason = DEADLINE_EXCEEDED.reason;
    this.view.message = DEADLINE_EXCEEDED.message;
    this.deps.log.info({ pod: this.key }, 'activeDeadlineSeconds exceeded; killing the pod');
    await this.stop(this.pod.spec?.terminationGracePeriodSeconds ?? 30);
  }

  /** Deletion: SIGTERM every container group, SIGKILL after the grace period, then wait for the final status. */
  async stop(graceSeconds: number): Promise<void> {
    this.abort.abort();
    await stopProcesses([...this.procs.values()], graceSeconds);
    await this.settled;
  }
}
