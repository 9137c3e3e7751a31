// `testbed status` and `testbed env`: what the recorded testbed runs, whether it is healthy, and how to point clients at it.
import { isHealthy } from './up.ts';
import { isAlive, readState, type TestbedState } from './state.ts';

/** The recorded testbed: its state, whether it answers, and which of its processes are alive. */
export interface TestbedStatus {
  state: TestbedState;
  healthy: boolean;
  processes: { name: string; pid: number; log: string; alive: boolean }[];
}

/** The recorded testbed's status; undefined when none is recorded. */
export async function status(): Promise<TestbedStatus | undefined> {
  const state = readState();
  if (!state) return undefined;
  return { state, healthy: await isHealthy(state), processes: state.processes.map((p) => ({ ...p, alive: isAlive(p.pid) })) };
}

/** The variables that point kubectl and the tests at the recorded testbed; undefined when none is recorded. */
export function env(): { KUBECONFIG: string } | undefined {
  const state = readState();
  return state ? { KUBECONFIG: state.kubeconfig } : undefined;
}

/** `export NAME=value` lines for a shell's eval (`eval "$(npm run -s testbed -- env)"`). */
export function exportLines(variables: Readonly<Record<string, string>>): string {
  return Object.entries(variables)
    .map(([name, value]) => `export ${name}=${value}`)
    .join('\n');
}

/** The status as `testbed status` prints it: a summary line, one line per process, then the export line. */
export function formatStatus(s: TestbedStatus): string {
  const { state } = s;
  const enforcer = state.dataplane === 'netns' ? `  enforcer=${state.enforcer ?? 'kube-router'}` : '';
  return [
    `testbed: ${s.healthy ? 'running' : 'UNHEALTHY'}  api=${state.apiServer}  dataplane=${state.dataplane ?? 'host'}${enforcer}  dir=${state.dir}  since=${state.startedAt}`,
    ...s.processes.map((p) => `  ${p.name.padEnd(24)} pid ${String(p.pid).padEnd(8)} ${p.alive ? 'alive' : 'DEAD'}  log ${p.log}`),
    exportLines({ KUBECONFIG: state.kubeconfig }),
  ].join('\n');
}
