// spec.activeDeadlineSeconds as the kubelet enforces it: counted from the pod's startTime; when it passes, the
// containers are killed and the pod ends Failed with reason DeadlineExceeded.

/** The pod status reason and message the kubelet writes when the deadline passed. */
export const DEADLINE_EXCEEDED = { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' } as const;

// setTimeout fires at once for delays beyond a signed 32-bit millisecond count; longer deadlines re-arm.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Milliseconds until the deadline (0 when it has passed), or undefined when the pod has none. */
export function msUntilDeadline(startTime: Date, activeDeadlineSeconds: number | undefined, now = new Date()): number | undefined {
  if (activeDeadlineSeconds === undefined || activeDeadlineSeconds === null) return undefined;
  return Math.max(0, startTime.getTime() + activeDeadlineSeconds * 1000 - now.getTime());
}

/** Calls `onExceeded` once when the armed deadline passes; arming again (the spec changed) replaces the old one. */
export class DeadlineTimer {
  private timer?: NodeJS.Timeout;

  constructor(private readonly onExceeded: () => void) {}

  arm(startTime: Date, activeDeadlineSeconds: number | undefined): void {
    this.cancel();
    const ms = msUntilDeadline(startTime, activeDeadlineSeconds);
    if (ms === undefined) return;
    this.timer = setTimeout(() => (ms > MAX_TIMER_MS ? this.arm(startTime, activeDeadlineSeconds) : this.onExceeded()), Math.min(ms, MAX_TIMER_MS));
    // The pod's processes keep the agent alive, never this timer.
    this.timer.unref();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
