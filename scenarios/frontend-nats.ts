// Scenario "frontend→NATS": the frontend loses NATS; requests are expected to fail, and it must recover fully after.
import { defineScenario, flag, partitionSettings, rate, runPartitionRecipe, z } from '../runner/scenario/index.ts';

export default defineScenario({
  name: 'frontend-nats',
  description:
    'Cut the frontend (prefix TARGET_PREFIX, all replicas) from NATS for FAULT_SECONDS. Failures are expected: by default availability ' +
    'after DETECTION_WINDOW_SECONDS must be ≤ MAX_AVAILABILITY_DURING (proof that the cut took effect; EXPECT_FAILURES_DURING=false only records it). ' +
    'After recovery the frontend must be fully healthy within RECOVERY_BOUND_SECONDS.',
  timeout: 300,
  env: z.object({
    ...partitionSettings({ targetPrefix: 'vllm-frontend', faultSeconds: 45, blockedPort: 4222 }),
    /** Where established NATS connections survive a new policy (Calico, Antrea, kube-router), an app may keep working: set false there. */
    EXPECT_FAILURES_DURING: flag(true),
    MAX_AVAILABILITY_DURING: rate(0.5),
  }),
  async run(ctx) {
    const c = ctx.config;
    await runPartitionRecipe(ctx, {
      injectStep: 'inject: frontend loses NATS',
      spec: { target: { prefix: c.TARGET_PREFIX }, count: 'all', blockNats: true, direction: 'egress' },
      expect: (during) => {
        if (c.EXPECT_FAILURES_DURING) {
          ctx.expect.atMost('availability after the detection window (the cut must show)', during.availabilityAfterDetection, c.MAX_AVAILABILITY_DURING);
        } else if (during.probe.failed === 0) {
          ctx.log.warn('no request failed while the frontend was cut from NATS: established connections may survive NetworkPolicy on this CNI');
        }
      },
    });
  },
});
