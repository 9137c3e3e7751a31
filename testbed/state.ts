// The testbed's state file: what `up` started, so `down`/`status` act on exactly those processes.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Enforcer } from './enforcer.ts';
import { STATE_FILE } from './paths.ts';

/** One process group the testbed started (pid = pgid because each is spawned detached). */
export interface ManagedProcess {
  name: string;
  pid: number;
  log: string;
}

/** Everything needed to reuse or stop a running testbed. */
export interface TestbedState {
  dir: string;
  kubeconfig: string;
  apiServer: string;
  ports: { etcd: number; etcdPeer: number; apiServer: number; kubelet: number };
  processes: ManagedProcess[];
  startedAt: string;
  agentLogsDir: string;
  /** 'netns': pods in their own network namespaces with kube-router; 'host': shared host network (no enforcement). */
  dataplane?: 'netns' | 'host';
  /** The NetworkPolicy enforcer the dataplane runs (absent: kube-router, as before the choice existed). */
  enforcer?: Enforcer;
}

/** Reads the state file; undefined when there is none or it is unreadable. */
export function readState(): TestbedState | undefined {
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as TestbedState;
  } catch {
    return undefined;
  }
}

/** Writes the state file atomically so a concurrent `status` never sees half a file. */
export function writeState(state: TestbedState): void {
  mkdirSync(dirname(STATE_FILE), { recursive: true });
  const tmp = `${STATE_FILE}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, STATE_FILE);
}

/** Forgets the running testbed. */
export function clearState(): void {
  rmSync(STATE_FILE, { force: true });
}

/** True when a process with this pid exists (signal 0 probes without killing). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
