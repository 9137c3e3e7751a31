// One container attempt's configuration, built the way the kubelet builds a container config: environment, identity,
// bind mounts (image binaries, sandbox files, volumes, the termination-message file) and the argv inside the sandbox.
// Shared by regular, init and ephemeral containers, which the kubelet also starts through one code path.
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerArgv, imageRuntime } from '../images.ts';
import type { AgentDeps } from './deps.ts';
import { expandVars, resolveContainerEnv } from './env.ts';
import { mountNamespaceArgv } from './mountns.ts';
import type { Sandbox } from './sandbox.ts';
import { containerIdentity } from './security.ts';
import { containerMounts } from './volumes.ts';

const MAX_TERMINATION_MESSAGE = 4096;
const BASE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** What every container of one pod shares once its sandbox and volumes exist. */
export interface PodContext {
  pod: V1Pod;
  deps: AgentDeps;
  sandbox: Sandbox;
  /** The pod's run dir: logs/ and termination/ live under it. */
  dir: string;
  volumeDirs: ReadonlyMap<string, string>;
  ips: { podIP: string; hostIP: string };
}

/** Everything needed to spawn one attempt of a container. */
export interface ContainerLaunch {
  argv: string[];
  env: Record<string, string>;
  logPath: string;
  terminationFile: string;
}

/** The kubelet would refuse to create this container (CreateContainerConfigError); the message is the cause's. */
export class ContainerConfigError extends Error {
  override name = 'ContainerConfigError';
}

/** Builds attempt `attempt` (`<name>-<restartCount>`) of `c`: resolves env and mounts, creates its termination file. */
export async function prepareLaunch(ctx: PodContext, c: V1Container, attempt: string): Promise<ContainerLaunch> {
  const { pod, deps } = ctx;
  const base: Record<string, string> = {
    PATH: BASE_PATH,
    HOME: '/root',
    HOSTNAME: pod.metadata?.name ?? '',
    KUBERNETES_SERVICE_HOST: deps.apiHost,
    KUBERNETES_SERVICE_PORT: String(deps.apiPort),
    KUBERNETES_SERVICE_PORT_HTTPS: String(deps.apiPort),
    KUBERNETES_PORT: `tcp://${deps.apiHost}:${deps.apiPort}`,
  };
  const runtime = imageRuntime(c.image ?? '');
  let env: Record<string, string>;
  let mounts: ReturnType<typeof containerMounts>;
  let identity: ReturnType<typeof containerIdentity>;
  try {
    env = { ...base, ...(await resolveContainerEnv(pod, c, deps.envSources, ctx.ips, base)) };
    mounts = containerMounts(c, ctx.volumeDirs);
    identity = containerIdentity(pod, c, runtime.user);
  } catch (error) {
    throw new ContainerConfigError((error as Error).message, { cause: error });
  }
  const argv = containerArgv(
    runtime,
    c.command?.map((a) => expandVars(a, env)),
    c.args?.map((a) => expandVars(a, env)),
  );
  const terminationFile = join(ctx.dir, 'termination', attempt);
  mkdirSync(join(ctx.dir, 'termination'), { recursive: true });
  writeFileSync(terminationFile, '');
  chmodSync(terminationFile, 0o666); // as the kubelet does, so a non-root container can write its message
  const allMounts = [
    ...runtime.mounts.map((m) => ({ ...m, readOnly: true })),
    ...(ctx.sandbox.mounts ?? []),
    ...mounts,
    { source: terminationFile, target: c.terminationMessagePath ?? '/dev/termination-log', readOnly: false },
  ];
  return {
    argv: ctx.sandbox.wrap(mountNamespaceArgv(argv, allMounts, c.workingDir, identity)),
    env,
    logPath: join(ctx.dir, 'logs', `${attempt}.log`),
    terminationFile,
  };
}

/** The terminated state's message: the termination file, else (FallbackToLogsOnError, failed) the log's tail. */
export function terminationMessage(launch: ContainerLaunch, exitCode: number, policy: string | undefined): string | undefined {
  let message = readFileSync(launch.terminationFile, 'utf8').slice(0, MAX_TERMINATION_MESSAGE);
  if (!message && exitCode !== 0 && policy === 'FallbackToLogsOnError') {
    message = readFileSync(launch.logPath, 'utf8')
      .split('\n')
      .slice(-80)
      .map((l) => l.split(' ').slice(3).join(' '))
      .join('\n')
      .slice(-2048);
  }
  return message || undefined;
}
