// The enforcement probe: before the real fault, partition the runner's own pod the same way for a few seconds and
// measure what this cluster's NetworkPolicy enforcer does — is it enforced, how fast, do open connections survive,
// and does the run's ESTABLISHED mode (drop/reset) really cut them?
import { EVENTS } from '../contract/events.ts';
import { timeToRecover } from '../checks/recover.ts';
import { dialTcp, HeldConnectionError, holdTcpConnection, type HeldTcpConnection } from '../checks/tcp.ts';
import type { EstablishedMode } from '../faults/established/settings.ts';
import { ScenarioAbortedError } from './errors.ts';
import type { ScenarioFaultSpec } from './faults.ts';
import type { ScenarioContext } from './types.ts';

/** ESTABLISHED as a scenario reads it: a mode, or `auto` (drop unless the enforcer cuts open connections itself). */
export type EstablishedChoice = EstablishedMode | 'auto';

/** What the probe measured; `skipped` says why nothing was measured. */
export type EnforcementProbeResult =
  | { skipped: string }
  | {
      /** The blocked pod and port the runner dialled. */
      peer: string;
      /** Whether new connections were cut within the wait; false means partitions do nothing on this cluster. */
      networkPolicyEnforced: boolean;
      /** The probe's own fault (its inject/recover times are in the result's faults). */
      faultId: string;
      /** ms from "inject returned" to the start of the first new connection attempt that failed; null when none failed. */
      timeToCutMs: number | null;
      /** When that first failed attempt started (ISO 8601); null when none failed. */
      cutAt: string | null;
      /** Whether the enforcer alone let a connection opened before the policy carry a request/reply (null: not measurable). */
      enforcerKeepsEstablished: boolean | null;
      /** The mode this run's faults use (ESTABLISHED, `auto` resolved from enforcerKeepsEstablished). */
      establishedMode: EstablishedMode;
      /** ms the drop/reset helpers took on the probe (null under keep). */
      establishedCutMs: number | null;
      /** Whether the held connection still answered under the run's mode: the partition's truth for open connections. */
      establishedConnectionSurvived: boolean | null;
      /** drop only: whether the same connection answered again after recovery (a healed partition); null otherwise. */
      establishedResumedAfterRecovery: boolean | null;
      /** ms from "recover returned" to the start of the first new connection attempt that worked; null when none did in time. */
      timeToRestoreMs: number | null;
      /** When that first working attempt started (ISO 8601); null when none did in time. */
      restoredAt: string | null;
    };

/** Pacing of the probe; tests shorten it. */
export interface EnforcementProbeTiming {
  /** How long to wait for the cut (and for the restore) before concluding. */
  waitMs: number;
  /** Gap between two new-connection attempts. */
  intervalMs: number;
  /** Per-attempt connect timeout (a DROP-ing enforcer shows up as a timeout). */
  dialTimeoutMs: number;
  /** How long the held connection may take to answer (a silent drop shows up as no answer). */
  answerMs: number;
}

const DEFAULT_TIMING: EnforcementProbeTiming = { waitMs: 10_000, intervalMs: 100, dialTimeoutMs: 500, answerMs: 2000 };

/** The warning every result with surviving connections carries (one line in the log, and the metric). */
export const SURVIVING_CONNECTIONS_WARNING =
  'established TCP connections survive a partition on this cluster with ESTABLISHED=keep: only new connections are cut, so a long-lived ' +
  'connection (e.g. NATS) keeps working until the app reconnects — read availability with that in mind, or use ESTABLISHED=drop or reset';

/** `auto` → drop, unless the probe saw the enforcer cut open connections by itself (then nothing more is needed). */
export function resolveEstablishedMode(choice: EstablishedChoice, enforcerKeepsEstablished: boolean | null): EstablishedMode {
  if (choice !== 'auto') return choice;
  return enforcerKeepsEstablished === false ? 'keep' : 'drop';
}

/** ms until a new dial first gives `connected === want` (the same polling as timeToRecover, one success), or null. */
async function firstDial(ctx: ScenarioContext<object>, host: string, port: number, want: boolean, t: EnforcementProbeTiming): Promise<number | null> {
  const check = async () => ((await dialTcp(host, port, t.dialTimeoutMs)) === 'connected') === want;
  const ms = await timeToRecover({ check, timeoutMs: t.waitMs, intervalMs: t.intervalMs, consecutive: 1, signal: ctx.signal });
  // A deadline or signal ends the probe as it ends every other wait, not as "no cut seen".
  if (ctx.signal.aborted) throw new ScenarioAbortedError(String(ctx.signal.reason ?? 'aborted'));
  return ms;
}

/**
 * Runs the probe for `spec` (the scenario's partition) with the runner's own pod as the target, dialling `port` of
 * the first blocked pod. The probe fault is an ordinary tracked fault (owned by the Job, recovered on every path).
 */
export async function probeEnforcement(
  ctx: ScenarioContext<object>,
  spec: Omit<ScenarioFaultSpec, 'duration' | 'target' | 'count'>,
  port: number,
  choice: EstablishedChoice = 'keep',
  timing: Partial<EnforcementProbeTiming> = {},
): Promise<EnforcementProbeResult> {
  const t = { ...DEFAULT_TIMING, ...timing };
  const podName = ctx.config.podName;
  if (!podName) return { skipped: 'the runner is not in a pod (POD_NAME unset), so it has no pod to partition' };
  // Under drop the real policy covers both directions; the probe's must too, so the cut meets the same rules.
  const direction = choice === 'auto' || choice === 'drop' ? 'both' : 'egress';
  const probeSpec: ScenarioFaultSpec = { ...spec, established: 'keep', target: { prefix: podName }, count: 'one', direction, duration: 60, maxTargetShare: 1 };
  const plan = await ctx.faults.inject({ ...probeSpec, dryRun: true });
  if (plan.targetPods.length !== 1 || plan.targetPods[0]?.name !== podName) {
    return { skipped: `the prefix "${podName}" does not select exactly the runner's pod in ${plan.namespace}` };
  }
  const peerPod = plan.blockedPods.find((p) => p.ip);
  if (!peerPod?.ip) return { skipped: 'the partition blocks no pod with an IP' };
  const peer = `${peerPod.name} ${peerPod.ip}:${port}`;
  let held: HeldTcpConnection;
  try {
    held = await holdTcpConnection(peerPod.ip, port, 2000);
  } catch (error) {
    if (error instanceof HeldConnectionError) return { skipped: `${peer} does not accept connections before the probe (${error.message})` };
    throw error;
  }
  try {
    const answersBefore = await held.exchange(t.answerMs);
    const fault = await ctx.faults.inject(probeSpec);
    const injectReturned = Date.now();
    const timeToCutMs = await firstDial(ctx, peerPod.ip, port, false, t);
    const measurable = timeToCutMs !== null && answersBefore;
    const keeps = measurable ? await held.exchange(t.answerMs) : null;
    const establishedMode = resolveEstablishedMode(choice, keeps);
    let establishedCutMs: number | null = null;
    let survived = keeps;
    if (establishedMode !== 'keep' && timeToCutMs !== null) {
      establishedCutMs = (await ctx.faults.cutEstablished(fault, establishedMode)).ms;
      survived = measurable ? await held.exchange(t.answerMs) : null;
    }
    await ctx.faults.recover(fault);
    const recoverReturned = Date.now();
    const timeToRestoreMs = await firstDial(ctx, peerPod.ip, port, true, t);
    // TCP retransmits what the blackhole swallowed with a growing backoff: give the healed flow a few seconds.
    const resumed = establishedMode === 'drop' && survived === false ? await held.exchange(Math.max(t.answerMs, 6000)) : null;
    return {
      peer,
      faultId: fault.id,
      networkPolicyEnforced: timeToCutMs !== null,
      timeToCutMs,
      cutAt: at(injectReturned, timeToCutMs),
      enforcerKeepsEstablished: keeps,
      establishedMode,
      establishedCutMs,
      establishedConnectionSurvived: survived,
      establishedResumedAfterRecovery: resumed,
      timeToRestoreMs,
      restoredAt: at(recoverReturned, timeToRestoreMs),
    };
  } finally {
    held.close();
  }
}

// Wall-clock time of a measured offset, for the report's timeline.
const at = (base: number, ms: number | null) => (ms === null ? null : new Date(base + ms).toISOString());

/** Records the probe in the result (metrics, a warning line) and fails the run when partitions are not enforced. */
export function recordEnforcementProbe(ctx: ScenarioContext<object>, result: EnforcementProbeResult): void {
  if ('skipped' in result) {
    ctx.metrics.record('enforcementProbe', { skipped: result.skipped });
    ctx.metrics.record('establishedConnectionSurvived', null);
    ctx.log.warn({ reason: result.skipped, note: 'whether open connections survive a partition is unknown' }, EVENTS.enforcementProbeSkipped);
    return;
  }
  ctx.metrics.record('enforcementProbe', { ...result });
  ctx.metrics.record('timeToCutMs', result.timeToCutMs);
  ctx.metrics.record('establishedConnectionSurvived', result.establishedConnectionSurvived);
  if (result.establishedConnectionSurvived && result.establishedMode === 'keep')
    ctx.log.warn({ peer: result.peer, note: SURVIVING_CONNECTIONS_WARNING }, EVENTS.enforcementProbeConnectionsSurvive);
  ctx.expect.ok(
    'the cluster enforces NetworkPolicy',
    result.networkPolicyEnforced,
    `new connections from the runner's pod to ${result.peer} kept working for the probe's whole wait after a partition policy was created: ` +
      'this cluster has no NetworkPolicy enforcer (CNI) for these pods, so a partition would cut nothing; no real fault was injected',
  );
  if (result.establishedMode !== 'keep' && result.networkPolicyEnforced && result.establishedConnectionSurvived !== null) {
    ctx.expect.ok(
      `established=${result.establishedMode} cuts open connections`,
      !result.establishedConnectionSurvived,
      `the runner's open connection to ${result.peer} still answered after established=${result.establishedMode}; no real fault was injected`,
    );
  }
}
