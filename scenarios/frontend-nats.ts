// Scenario "frontend→NATS": the frontend loses NATS; requests are expected to fail, and it must recover fully after.
import { defineScenario, flag, measureFaultWindow, measureRecovery, millis, podPrefix, rate, recordFaultWindow, requireHealthyBaseline, seconds, z } from '../runner/scenario/index.ts';

export default defineScenario({
  name: 'frontend-nats',
  description:
    'Cut the frontend (prefix TARGET_PREFIX, all replicas) from NATS for FAULT_SECONDS. Failures are expected: by default availability ' +
    'after DETECTION_WINDOW_SECONDS must be ≤ MAX_AVAILABILITY_DURING (proof that the cut took effect; EXPECT_FAILURES_DURING=false only records it). ' +
    'After recovery the frontend must be fully healthy within RECOVERY_BOUND_SECONDS.',
  timeout: 300,
  env: z.object({
    TARGET_PREFIX: podPrefix('vllm-frontend'),
    FAULT_SECONDS: seconds(45),
    DETECTION_WINDOW_SECONDS: seconds(15),
    /** Where established NATS connections survive a new policy (Calico, Antrea, kube-router), an app may keep working: set false there. */
    EXPECT_FAILURES_DURING: flag(true),
    MAX_AVAILABILITY_DURING: rate(0.5),
    RECOVERY_BOUND_SECONDS: seconds(30),
    BASELINE_TIMEOUT_SECONDS: seconds(30),
    PROBE_INTERVAL_MS: millis(500),
  }),
  async run(ctx) {
    const c = ctx.config;
    if (c.DETECTION_WINDOW_SECONDS >= c.FAULT_SECONDS) {
      throw new RangeError(`DETECTION_WINDOW_SECONDS (${c.DETECTION_WINDOW_SECONDS}) must be shorter than FAULT_SECONDS (${c.FAULT_SECONDS})`);
    }
    await ctx.step('baseline: frontend healthy', () => requireHealthyBaseline(ctx, c.BASELINE_TIMEOUT_SECONDS * 1000));

    const fault = await ctx.step('inject: frontend loses NATS', () =>
      ctx.faults.inject({ target: { prefix: c.TARGET_PREFIX }, count: 'all', blockNats: true, direction: 'egress', duration: c.FAULT_SECONDS + 60 }),
    );
    ctx.metrics.record('targetPods', fault.targetPods.map((p) => p.name));

    const during = await ctx.step('probe during the fault', () =>
      measureFaultWindow(ctx, { durationMs: c.FAULT_SECONDS * 1000, detectionWindowMs: c.DETECTION_WINDOW_SECONDS * 1000, intervalMs: c.PROBE_INTERVAL_MS }),
    );
    recordFaultWindow(ctx, during);
    // Here the frontend itself is cut, so the first failed request is the best observable time-to-cut.
    ctx.metrics.record('timeToCutMs', during.timeToFirstFailureMs);

    await ctx.step('recover the partition', () => ctx.faults.recover(fault));
    const recoveredIn = await ctx.step('time to recover', () => measureRecovery(ctx, c.RECOVERY_BOUND_SECONDS * 1000, c.PROBE_INTERVAL_MS));

    await ctx.step('expectations', () => {
      if (c.EXPECT_FAILURES_DURING) {
        ctx.expect.atMost('availability after the detection window (the cut must show)', during.availabilityAfterDetection, c.MAX_AVAILABILITY_DURING);
      } else if (during.probe.failed === 0) {
        ctx.log.warn('no request failed while the frontend was cut from NATS: established connections may survive NetworkPolicy on this CNI');
      }
      ctx.expect.ok('recovered within the bound', recoveredIn !== null, `not steadily healthy within ${c.RECOVERY_BOUND_SECONDS}s after recovery`);
      ctx.expect.atMost('time to recover (s)', recoveredIn! / 1000, c.RECOVERY_BOUND_SECONDS);
    });
  },
});
