// Scenario "worker→NATS": one worker loses NATS; the other workers must keep serving, and all must recover.
import { defineScenario, flag, measureFaultWindow, measureRecovery, millis, podPrefix, rate, recordFaultWindow, requireHealthyBaseline, seconds, z } from '../runner/scenario/index.ts';

export default defineScenario({
  name: 'worker-nats',
  description:
    'Cut one decode worker from NATS for FAULT_SECONDS. After DETECTION_WINDOW_SECONDS the frontend must serve ≥ MIN_AVAILABILITY of ' +
    'completions through the other workers; after recovery it must be fully healthy within RECOVERY_BOUND_SECONDS.',
  timeout: 300,
  env: z.object({
    TARGET_PREFIX: podPrefix('vllm-decode-worker'),
    FAULT_SECONDS: seconds(60),
    DETECTION_WINDOW_SECONDS: seconds(15),
    MIN_AVAILABILITY: rate(0.95),
    RECOVERY_BOUND_SECONDS: seconds(30),
    BASELINE_TIMEOUT_SECONDS: seconds(30),
    PROBE_INTERVAL_MS: millis(500),
    /** Also fail when the frontend needed longer than the detection window to stop failing (default: record only). */
    STRICT_DETECTION: flag(false),
  }),
  async run(ctx) {
    const c = ctx.config;
    if (c.DETECTION_WINDOW_SECONDS >= c.FAULT_SECONDS) {
      throw new RangeError(`DETECTION_WINDOW_SECONDS (${c.DETECTION_WINDOW_SECONDS}) must be shorter than FAULT_SECONDS (${c.FAULT_SECONDS})`);
    }
    await ctx.step('baseline: frontend healthy', () => requireHealthyBaseline(ctx, c.BASELINE_TIMEOUT_SECONDS * 1000));

    const fault = await ctx.step('inject: worker loses NATS', () =>
      // The duration is a safety net: the partition expires on its own even if this runner is killed.
      ctx.faults.inject({ target: { prefix: c.TARGET_PREFIX }, count: 'one', blockNats: true, direction: 'egress', duration: c.FAULT_SECONDS + 60 }),
    );
    ctx.metrics.record('targetPods', fault.targetPods.map((p) => p.name));
    ctx.metrics.record('blockedPods', fault.blockedPods.length);

    const during = await ctx.step('probe during the fault', () =>
      measureFaultWindow(ctx, { durationMs: c.FAULT_SECONDS * 1000, detectionWindowMs: c.DETECTION_WINDOW_SECONDS * 1000, intervalMs: c.PROBE_INTERVAL_MS }),
    );
    recordFaultWindow(ctx, during);

    await ctx.step('recover the partition', () => ctx.faults.recover(fault));
    const recoveredIn = await ctx.step('time to recover', () => measureRecovery(ctx, c.RECOVERY_BOUND_SECONDS * 1000, c.PROBE_INTERVAL_MS));

    await ctx.step('expectations', () => {
      ctx.expect.atLeast('availability after the detection window', during.availabilityAfterDetection, c.MIN_AVAILABILITY);
      if (c.STRICT_DETECTION) ctx.expect.equal('failures after the detection window', during.probe.timeline.some((s) => !s.ok && s.t >= c.DETECTION_WINDOW_SECONDS * 1000), false);
      ctx.expect.ok('recovered within the bound', recoveredIn !== null, `not steadily healthy within ${c.RECOVERY_BOUND_SECONDS}s after recovery`);
      ctx.expect.atMost('time to recover (s)', recoveredIn! / 1000, c.RECOVERY_BOUND_SECONDS);
    });
  },
});
