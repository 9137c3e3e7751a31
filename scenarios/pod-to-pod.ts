// Scenario "pod-to-pod by label": a decode worker cut from every pod carrying BLOCK_LABELS (default: the frontends).
import { defineScenario, labels, measureFaultWindow, measureRecovery, millis, podPrefix, rate, recordFaultWindow, requireHealthyBaseline, seconds, z } from '../runner/scenario/index.ts';

export default defineScenario({
  name: 'pod-to-pod',
  description:
    'Block traffic between one decode worker and the pods selected by BLOCK_LABELS (both directions; NATS and everything else kept). ' +
    'The frontend must keep serving via the other worker(s): ≥ MIN_AVAILABILITY after DETECTION_WINDOW_SECONDS; full recovery after.',
  timeout: 300,
  env: z.object({
    TARGET_PREFIX: podPrefix('vllm-decode-worker'),
    BLOCK_LABELS: labels({ 'nvidia.com/dynamo-component-type': 'frontend' }),
    /** Namespace of the blocked pods when they are not in APP_NAMESPACE. */
    BLOCK_NAMESPACE: z.string().optional(),
    FAULT_SECONDS: seconds(45),
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

    const fault = await ctx.step('inject: worker cut from labelled pods', () =>
      ctx.faults.inject({
        target: { prefix: c.TARGET_PREFIX },
        blockNats: false,
        blockPods: [{ labels: c.BLOCK_LABELS, ...(c.BLOCK_NAMESPACE ? { namespace: c.BLOCK_NAMESPACE } : {}) }],
        direction: 'both',
        duration: c.FAULT_SECONDS + 60,
      }),
    );
    ctx.metrics.record('targetPods', fault.targetPods.map((p) => p.name));
    ctx.metrics.record('blockedPods', fault.blockedPods.map((p) => p.name));
    ctx.expect.ok('the label selects pods', fault.blockedPods.length > 0, `no pod matches ${JSON.stringify(c.BLOCK_LABELS)}; set BLOCK_LABELS`);

    const during = await ctx.step('probe during the fault', () =>
      measureFaultWindow(ctx, { durationMs: c.FAULT_SECONDS * 1000, detectionWindowMs: c.DETECTION_WINDOW_SECONDS * 1000, intervalMs: c.PROBE_INTERVAL_MS }),
    );
    recordFaultWindow(ctx, during);

    await ctx.step('recover the partition', () => ctx.faults.recover(fault));
    const recoveredIn = await ctx.step('time to recover', () => measureRecovery(ctx, c.RECOVERY_BOUND_SECONDS * 1000, c.PROBE_INTERVAL_MS));

    await ctx.step('expectations', () => {
      ctx.expect.atLeast('availability after the detection window', during.availabilityAfterDetection, c.MIN_AVAILABILITY);
      ctx.expect.ok('recovered within the bound', recoveredIn !== null, `not steadily healthy within ${c.RECOVERY_BOUND_SECONDS}s after recovery`);
      ctx.expect.atMost('time to recover (s)', recoveredIn! / 1000, c.RECOVERY_BOUND_SECONDS);
    });
  },
});
