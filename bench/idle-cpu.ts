// What an idle testbed costs the machine it measures on: CPU time of its processes (utime+stime from /proc) per wall
// time, in percent of one core, while 10 000 pods sit on another node and nothing runs.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { readState } from '../testbed/index.ts';
import { figure, type Figure } from './figure.ts';
import { median } from './stats.ts';

/** Raised when a process to measure cannot be found (no testbed state, or the recorded pid is gone or reused). */
export class IdleTargetError extends Error {
  override name = 'IdleTargetError';
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Fields of /proc/<pid>/stat after the parenthesised command name (which may itself contain spaces). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime of every thread of `pid`, in seconds (fields 14 and 15 of stat; 12 and 13 after the name). */
export function cpuSeconds(pid: number): number {
  const f = statFields(pid);
  return (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND;
}

const commOf = (pid: number): string => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
const cmdlineOf = (pid: number): string => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');

/** A child of `parent` whose command name is `comm` (kube-router is started by the agent, not recorded in the state). */
function childNamed(parent: number, comm: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      if (Number(statFields(pid)[1]) === parent && commOf(pid) === comm) return pid;
    } catch {
      // exited while scanning
    }
  }
  return undefined;
}

/** One measured process: what it is, its pid, and the goal when it has one. */
interface Target {
  id: string;
  label: string;
  pid: number;
  max?: number;
}

/**
 * The testbed's node agent, kube-apiserver and (netns dataplane) kube-router, from the testbed state file.
 * NETPART_BENCH_AGENT_PID measures another agent process instead (a second agent started for another node).
 */
export function idleTargets(): Target[] {
  const state = readState();
  if (!state) throw new IdleTargetError('no testbed state file: start the testbed (`npm run testbed -- up`) or run the bench against the testbed it starts');
  const pidOf = (name: string) => state.processes.find((p) => p.name === name)?.pid;
  const agent = Number(process.env.NETPART_BENCH_AGENT_PID ?? pidOf('node-agent'));
  const api = pidOf('kube-apiserver');
  if (!agent || !api) throw new IdleTargetError('the testbed state names no node-agent or kube-apiserver process');
  try {
    if (!cmdlineOf(agent).includes('agent/main.ts')) throw new IdleTargetError(`pid ${agent} is not a testbed node agent (${cmdlineOf(agent)})`);
  } catch (error) {
    if (error instanceof IdleTargetError) throw error;
    throw new IdleTargetError(`the node agent (pid ${agent}) is not running; restart the testbed`, { cause: error });
  }
  const targets: Target[] = [
    { id: 'idle_agent_cpu_pct', label: 'testbed node agent CPU, idle, 10 000 pods on another node', pid: agent, max: 5 },
    { id: 'idle_apiserver_cpu_pct', label: 'diagnostic: kube-apiserver CPU, same idle window', pid: api },
  ];
  // The shared testbed's kube-router, whichever agent is measured.
  const router = childNamed(Number(pidOf('node-agent')), 'kube-router');
  if (router) targets.push({ id: 'idle_kube_router_cpu_pct', label: 'diagnostic: kube-router CPU, same idle window', pid: router });
  return targets;
}

/** Samples every target over `windows` consecutive windows of `windowMs` each; one figure per target (median %). */
export async function benchIdleCpu(windows: number, windowMs: number, settleMs: number): Promise<Figure[]> {
  const targets = idleTargets();
  // Seeding (or a previous group) leaves watch events and GC work behind: let it drain before measuring.
  await sleep(settleMs);
  const samples = targets.map(() => [] as number[]);
  for (let w = 0; w < windows; w++) {
    const start = performance.now();
    const before = targets.map((t) => cpuSeconds(t.pid));
    await sleep(windowMs);
    const after = targets.map((t) => cpuSeconds(t.pid));
    const wall = (performance.now() - start) / 1000;
    targets.forEach((_, i) => samples[i]!.push(Number((((after[i]! - before[i]!) / wall) * 100).toFixed(2))));
  }
  const note = `${windows} windows of ${windowMs / 1000} s after ${settleMs / 1000} s settling; CPU time (utime+stime) / wall time, % of one core`;
  return targets.map((t, i) =>
    figure({
      id: t.id,
      label: t.label,
      value: median(samples[i]!),
      unit: '%',
      runs: windows,
      samples: samples[i]!,
      note: `${note}; pid ${t.pid}${t.id === 'idle_agent_cpu_pct' && process.env.NETPART_BENCH_AGENT_PID ? ' (NETPART_BENCH_AGENT_PID)' : ''}`,
      ...(t.max === undefined ? {} : { goal: `≤ ${t.max} % of a core`, max: t.max }),
    }),
  );
}
