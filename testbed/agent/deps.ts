// What a pod runner needs from the agent, gathered in one object so runners stay testable.
import type { Logger } from '../../runner/log/logger.ts';
import type { Kube } from '../../runner/kube/client.ts';
import type { mergePatch } from '../../runner/kube/client.ts';
import type { EnvSources } from './env.ts';
import type { SandboxProvider } from './sandbox.ts';
import type { VolumeBuilder } from './volumes.ts';

/** Shared services of the node agent. */
export interface AgentDeps {
  kube: Kube;
  log: Logger;
  sandbox: SandboxProvider;
  volumes: VolumeBuilder;
  envSources: EnvSources;
  mergePatch: typeof mergePatch;
  nodeName: string;
  nodeIP: string;
  apiHost: string;
  apiPort: number;
  /** Per-pod directories (logs, volumes, termination files) live here. */
  runDir: string;
}
