// Scenario "worker→frontend": one worker cannot talk to (or be reached by) the frontend; requests must go elsewhere.
import { defineScenario, labels, measureFaultWindow, measureRecovery, millis, podPrefix, rate, recordFaultWindow, requireHealthyBaseline, seconds, z } from '../runner/scenario/index.ts';

export default defineScenario({
  name: 'worker-frontend',
  description:
    'Partition one decode worker from the frontend pods in both directions (NATS kept). The frontend must route around it: ' +
    '≥ MIN_AVAILABILITY after DETECTION_WINDOW_SECONDS; fully healthy within RECOVERY_BOUND_SECONDS after recovery.',
  timeout: 300,
  env: z.object({
    TARGET_PREFIX: podPrefix('vllm-decode-worker'),
    FRONTEND_LABELS: labels({ 'nvidia.com/dynamo-component-type': 'frontend' }),
    FAULT_SECONDS: seconds(60),
    DETECTION_WINDOW_SECONDS: seconds(15),
    MIN_AVAILABILITY: rate(0.95),
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

    const fault = await ctx.step('inject: worker ⇹ frontend', () =>
      ctx.faults.inject({
        target: { prefix: c.TARGET_PREFIX },
        blockNats: false,
        blockPods: [{ labels: c.FRONTEND_LABELS }],
        // Both directions: the frontend's requests to the worker and the worker's answers/callbacks to the frontend.
        direction: 'both',
        duration: c.FAULT_SECONDS + 60,
      }),
    );
    ctx.metrics.record('targetPods', fault.targetPods.map((p) => p.name));
    ctx.metrics.record('blockedPods', fault.blockedPods.map((p) => p.name));
    ctx.expect.ok('a frontend pod is blocked', fault.blockedPods.length > 0, `no pod matches ${JSON.stringify(c.FRONTEND_LABELS)}: the partition would cut nothing; set FRONTEND_LABELS`);

    const during = await ctx.step('probe during the fault', () =>
      measureFaultWindow(ctx, { durationMs: c.FAULT_SECONDS * 1000, detectionWindowMs: c.DETECTION_WINDOW_SECONDS * 1000, intervalMs: c.PROBE_INTERVAL_MS }),
    );
    recordFaultWindow(ctx, during);
    ctx.metrics.record('frontendHealthyDuringFault', await ctx.checks.checkFrontendReachable());

    await ctx.step('recover the partition', () => ctx.faults.recover(fault));
    const recoveredIn = await ctx.step('time to recover', () => measureRecovery(ctx, c.RECOVERY_BOUND_SECONDS * 1000, c.PROBE_INTERVAL_MS));

    await ctx.step('expectations', () => {
      ctx.expect.atLeast('availability after the detection window', during.availabilityAfterDetection, c.MIN_AVAILABILITY);
      ctx.expect.ok('recovered within the bound', recoveredIn !== null, `not steadily healthy within ${c.RECOVERY_BOUND_SECONDS}s after recovery`);
      ctx.expect.atMost('time to recover (s)', recoveredIn! / 1000, c.RECOVERY_BOUND_SECONDS);
    });
  },
});
