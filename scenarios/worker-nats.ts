// Scenario "worker→NATS": one worker loses NATS; the other workers must keep serving, and all must recover.
import { defineScenario, flag, partitionSettings, rate, runPartitionRecipe, z } from '../runner/scenario/index.ts';

export default defineScenario({
  name: 'worker-nats',
  description:
    'Cut one decode worker from NATS for FAULT_SECONDS. After DETECTION_WINDOW_SECONDS the frontend must serve ≥ MIN_AVAILABILITY of ' +
    'completions through the other workers; after recovery it must be fully healthy within RECOVERY_BOUND_SECONDS.',
  timeout: 300,
  env: z.object({
    ...partitionSettings({ targetPrefix: 'vllm-decode-worker', faultSeconds: 60, blockedPort: 4222 }),
    MIN_AVAILABILITY: rate(0.95),
    /** Also fail when the frontend needed longer than the detection window to stop failing (default: record only). */
    STRICT_DETECTION: flag(false),
  }),
  async run(ctx) {
    const c = ctx.config;
    await runPartitionRecipe(ctx, {
      injectStep: 'inject: worker loses NATS',
      spec: { target: { prefix: c.TARGET_PREFIX }, count: 'one', blockNats: true, direction: 'egress' },
      afterInject: (fault) => ctx.metrics.record('blockedPods', fault.blockedPods.length),
      expect: (during) => {
        ctx.expect.atLeast('availability after the detection window', during.availabilityAfterDetection, c.MIN_AVAILABILITY);
        if (c.STRICT_DETECTION)
          ctx.expect.equal(
            'failures after the detection window',
            during.probe.timeline.some((s) => !s.ok && s.t >= c.DETECTION_WINDOW_SECONDS * 1000),
            false,
          );
      },
    });
  },
});
