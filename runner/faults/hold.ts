// Holding a fault while this process runs: recover it at its expiry, and keep its except list on the blocked pods' IPs.
import { EVENTS } from '../contract/events.ts';
import { mergePatch, type Kube } from '../kube/client.ts';
import type { Logger } from '../log/logger.ts';
import { compilePartitionRules, policyToWire } from './compile.ts';
import { ANNOTATION_BLOCKED_PODS } from './labels.ts';
import { podIps, podRef, resolveBlockedPods } from './resolve.ts';
import type { Fault } from './types.ts';

/** Settings for holding faults. */
export interface HoldOptions {
  logger?: Logger | undefined;
  now?: () => Date;
  /** How often blocked pods are re-read to follow IP changes. */
  resyncMs?: number;
  /** Called after a held fault was recovered at its expiry. */
  onExpired?: (fault: Fault) => void;
}

/** Tracks held faults; `release` stops every timer (the faults themselves stay as the cluster has them). */
export class FaultHolder {
  readonly #timers = new Map<string, { expiry: NodeJS.Timeout; resync: NodeJS.Timeout; ips: string }>();

  constructor(
    private readonly kube: Kube,
    private readonly recover: (faultId: string, namespace: string) => Promise<unknown>,
    private readonly options: HoldOptions = {},
  ) {}

  /** Starts the expiry timer and the IP follower for a fault. */
  hold(fault: Fault): void {
    this.drop(fault.id);
    const now = (this.options.now ?? (() => new Date()))();
    const delay = Math.max(0, Date.parse(fault.expiresAt) - now.getTime());
    const expiry = setTimeout(() => {
      this.drop(fault.id);
      this.recover(fault.id, fault.namespace).then(
        () => {
          this.options.logger?.info({ faultId: fault.id, expiresAt: fault.expiresAt }, EVENTS.faultExpired);
          this.options.onExpired?.(fault);
        },
        (error: unknown) => this.options.logger?.error({ faultId: fault.id, err: error }, EVENTS.faultExpiryRecoverFailed),
      );
    }, delay);
    // Same form as followIps compares against (unique, sorted, no empties), so an unchanged set never re-patches.
    const ips = [...new Set(fault.blockedPods.flatMap((p) => (p.ip ? [p.ip] : [])))].sort().join(',');
    const resync = setInterval(() => void this.followIps(fault), this.options.resyncMs ?? 2000);
    expiry.unref();
    resync.unref();
    this.#timers.set(fault.id, { expiry, resync, ips });
  }

  /** Stops holding one fault (after it was recovered by other means). */
  drop(faultId: string): void {
    const timers = this.#timers.get(faultId);
    if (!timers) return;
    clearTimeout(timers.expiry);
    clearInterval(timers.resync);
    this.#timers.delete(faultId);
  }

  /** Stops holding every fault. */
  release(): void {
    for (const id of [...this.#timers.keys()]) this.drop(id);
  }

  /** Re-reads the blocked pods; when their IPs changed, rewrites the policy's except list. */
  private async followIps(fault: Fault): Promise<void> {
    const current = this.#timers.get(fault.id);
    if (!current) return;
    try {
      const blocked = await resolveBlockedPods(this.kube, fault.spec);
      const ips = podIps(blocked);
      if (ips.join(',') === current.ips) return;
      // The rules only: a merge patch without podSelector leaves the policy's targets as they are.
      const rules = policyToWire({ spec: { podSelector: {}, ...compilePartitionRules(fault.spec, ips) } }).spec as Record<string, unknown>;
      delete rules.podSelector;
      await this.kube.net.patchNamespacedNetworkPolicy(
        {
          name: fault.policyName,
          namespace: fault.namespace,
          body: { spec: rules, metadata: { annotations: { [ANNOTATION_BLOCKED_PODS]: JSON.stringify(blocked.map(podRef)) } } },
        },
        mergePatch,
      );
      current.ips = ips.join(',');
      this.options.logger?.info({ faultId: fault.id, blockedPodIps: ips }, EVENTS.faultBlockedIpsUpdated);
    } catch (error) {
      this.options.logger?.warn({ faultId: fault.id, err: error }, EVENTS.faultIpFollowFailed);
    }
  }
}
