// Runs one pod bound to the node: sandbox, volumes, init containers in order, then containers, reporting status.
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { imageRuntime, containerArgv } from '../images.ts';
import { startContainer, type ContainerProcess } from './container.ts';
import { expandVars, resolveContainerEnv } from './env.ts';
import { mountNamespaceArgv } from './mountns.ts';
import { containerIdentity, type ContainerIdentity } from './security.ts';
import type { Sandbox } from './sandbox.ts';
import { podStatus, type ContainerView, type PodView } from './status.ts';
import { containerMounts, type MountSpec } from './volumes.ts';
import type { AgentDeps } from './deps.ts';
import type { ContainerLogSource } from './log-server.ts';

const MAX_TERMINATION_MESSAGE = 4096;
const BASE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Supervises the processes of one pod and keeps its status current. */
export class PodRunner {
  readonly view: PodView;
  readonly logs = new Map<string, ContainerLogSource>();
  private readonly procs = new Map<string, ContainerProcess>();
  private readonly abort = new AbortController();
  private sandbox?: Sandbox;
  private reporting: Promise<void> = Promise.resolve();
  private readonly dir: string;
  /** Settles when the pod reached a terminal phase (or was stopped) and its last status was written. */
  readonly settled: Promise<void>;

  constructor(private readonly pod: V1Pod, private readonly deps: AgentDeps) {
    const spec = pod.spec;
    const waiting = (c: V1Container): ContainerView => ({ name: c.name, image: c.image ?? '', restartCount: 0, state: { kind: 'waiting', reason: 'PodInitializing' } });
    this.view = { phase: 'Pending', hostIP: deps.nodeIP, startTime: new Date(), init: (spec?.initContainers ?? []).map(waiting), main: (spec?.containers ?? []).map(waiting) };
    this.dir = join(deps.runDir, `${pod.metadata?.namespace}_${pod.metadata?.name}_${pod.metadata?.uid}`);
    this.settled = this.run().catch((error: unknown) => {
      deps.log.error({ err: error, pod: this.key }, 'pod runner crashed');
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

  private report(): Promise<void> {
    const body = { status: podStatus(this.view) };
    this.reporting = this.reporting.then(() =>
      this.deps.kube.core
        .patchNamespacedPodStatus({ name: this.pod.metadata?.name ?? '', namespace: this.pod.metadata?.namespace ?? '', body }, this.deps.mergePatch)
        .then(() => undefined)
        .catch((error: unknown) => this.deps.log.warn({ err: error, pod: this.key }, 'pod status update failed')),
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
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    for (const [i, c] of (this.pod.spec?.initContainers ?? []).entries()) {
      const view = this.view.init[i] as ContainerView;
      for (;;) {
        if (this.stopping || !volumeDirs) return this.finish();
        const code = await this.runOnce(c, view, volumeDirs, ips);
        if (code === 0) break;
        if (policy === 'Never' || this.stopping) return this.finish();
        await this.restartBackoff(view);
      }
    }
    if (!volumeDirs) return this.finish();
    this.view.phase = 'Running';
    const dirs = volumeDirs;
    await Promise.all(
      (this.pod.spec?.containers ?? []).map(async (c, i) => {
        const view = this.view.main[i] as ContainerView;
        for (;;) {
          if (this.stopping) return;
          const code = await this.runOnce(c, view, dirs, ips);
          if (this.stopping || policy === 'Never' || (policy === 'OnFailure' && code === 0)) return;
          await this.restartBackoff(view);
        }
      }),
    );
    return this.finish();
  }

  private async restartBackoff(view: ContainerView): Promise<void> {
    await this.pause(Math.min(10_000 * 2 ** view.restartCount, 300_000) / 10);
    if (view.state.kind === 'terminated') view.lastTerminated = view.state;
    view.restartCount += 1;
  }

  private async finish(): Promise<void> {
    const all = [...this.view.init, ...this.view.main];
    const succeeded = all.every((c) => c.state.kind === 'terminated' && c.state.exitCode === 0);
    this.view.phase = succeeded ? 'Succeeded' : 'Failed';
    for (const c of all) if (c.state.kind === 'waiting') c.state = { kind: 'waiting', reason: this.stopping ? 'PodTerminating' : 'PodCompleted' };
    await this.report();
    await this.sandbox?.release();
  }

  private async runOnce(c: V1Container, view: ContainerView, volumeDirs: Map<string, string>, ips: { podIP: string; hostIP: string }): Promise<number> {
    const base: Record<string, string> = {
      PATH: BASE_PATH,
      HOME: '/root',
      HOSTNAME: this.pod.metadata?.name ?? '',
      KUBERNETES_SERVICE_HOST: this.deps.apiHost,
      KUBERNETES_SERVICE_PORT: String(this.deps.apiPort),
      KUBERNETES_SERVICE_PORT_HTTPS: String(this.deps.apiPort),
      KUBERNETES_PORT: `tcp://${this.deps.apiHost}:${this.deps.apiPort}`,
    };
    let env: Record<string, string>;
    let mounts: MountSpec[];
    let identity: ContainerIdentity;
    const runtime = imageRuntime(c.image ?? '');
    try {
      env = { ...base, ...(await resolveContainerEnv(this.pod, c, this.deps.envSources, ips, base)) };
      mounts = containerMounts(c, volumeDirs);
      identity = containerIdentity(this.pod, c, runtime.user);
    } catch (error) {
      view.state = { kind: 'waiting', reason: 'CreateContainerConfigError', message: (error as Error).message };
      await this.report();
      await this.pause(2000);
      return 1;
    }
    const argv = containerArgv(runtime, c.command?.map((a) => expandVars(a, env)), c.args?.map((a) => expandVars(a, env)));
    const attempt = `${c.name}-${view.restartCount}`;
    const terminationFile = join(this.dir, 'termination', attempt);
    mkdirSync(join(this.dir, 'termination'), { recursive: true });
    writeFileSync(terminationFile, '');
    chmodSync(terminationFile, 0o666); // as the kubelet does, so a non-root container can write its message
    const allMounts = [...runtime.mounts.map((m) => ({ ...m, readOnly: true })), ...(this.sandbox?.mounts ?? []), ...mounts, { source: terminationFile, target: c.terminationMessagePath ?? '/dev/termination-log', readOnly: false }];
    const logPath = join(this.dir, 'logs', `${attempt}.log`);
    const previousPath = this.logs.get(c.name)?.path;
    const wrapped = (this.sandbox as Sandbox).wrap(mountNamespaceArgv(argv, allMounts, c.workingDir, identity));
    if (this.stopping) return 1;
    const proc = startContainer(wrapped, env, logPath);
    this.procs.set(c.name, proc);
    this.logs.set(c.name, { path: logPath, previousPath, running: () => view.state.kind === 'running' });
    view.state = { kind: 'running', startedAt: proc.startedAt, pid: proc.pid };
    await this.report();
    const exit = await proc.exited;
    let message = readFileSync(terminationFile, 'utf8').slice(0, MAX_TERMINATION_MESSAGE);
    if (!message && exit.exitCode !== 0 && c.terminationMessagePolicy === 'FallbackToLogsOnError') {
      message = readFileSync(logPath, 'utf8').split('\n').slice(-80).map((l) => l.split(' ').slice(3).join(' ')).join('\n').slice(-2048);
    }
    view.state = {
      kind: 'terminated',
      exitCode: exit.exitCode,
      reason: exit.exitCode === 0 ? 'Completed' : 'Error',
      message: message || undefined,
      startedAt: proc.startedAt,
      finishedAt: exit.finishedAt,
      pid: proc.pid,
    };
    await this.report();
    return exit.exitCode;
  }

  /** Deletion: SIGTERM every container group, SIGKILL after the grace period, then wait for the final status. */
  async stop(graceSeconds: number): Promise<void> {
    this.abort.abort();
    const running = [...this.procs.values()];
    for (const p of running) p.kill('SIGTERM');
    const allExited = Promise.all(running.map((p) => p.exited));
    const timer = sleep(graceSeconds * 1000).then(() => running.forEach((p) => p.kill('SIGKILL')));
    await Promise.race([allExited, timer]);
    await allExited;
    await this.settled;
  }
}
