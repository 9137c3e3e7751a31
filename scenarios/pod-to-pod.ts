// Scenario "pod-to-pod by label": a decode worker cut from every pod carrying BLOCK_LABELS (default: the frontends).
// The general form of worker-frontend.ts: the peers are whatever BLOCK_LABELS selects, in APP_NAMESPACE or in
// BLOCK_NAMESPACE, so it also cuts a worker from a cache, a database or another namespace's pods. With the defaults it
// cuts what worker-frontend cuts, for 45 s instead of 60 and without worker-frontend's frontend-specific metric.
import { defineScenario, labels, partitionSettings, rate, runPartitionRecipe, z } from '../runner/scenario/index.ts';

export default defineScenario({
  name: 'pod-to-pod',
  description:
    'Block traffic between one decode worker and the pods selected by BLOCK_LABELS (both directions; NATS and everything else kept). ' +
    'The frontend must keep serving via the other worker(s): ≥ MIN_AVAILABILITY after DETECTION_WINDOW_SECONDS; full recovery after.',
  timeout: 300,
  env: z.object({
    ...partitionSettings({ targetPrefix: 'vllm-decode-worker', faultSeconds: 45, blockedPort: 8000 }),
    BLOCK_LABELS: labels({ 'nvidia.com/dynamo-component-type': 'frontend' }),
    /** Namespace of the blocked pods when they are not in APP_NAMESPACE. */
    BLOCK_NAMESPACE: z.string().optional(),
    MIN_AVAILABILITY: rate(0.95),
  }),
  async run(ctx) {
    const c = ctx.config;
    await runPartitionRecipe(ctx, {
      injectStep: 'inject: worker cut from labelled pods',
      spec: {
        target: { prefix: c.TARGET_PREFIX },
        blockNats: false,
        blockPods: [{ labels: c.BLOCK_LABELS, ...(c.BLOCK_NAMESPACE ? { namespace: c.BLOCK_NAMESPACE } : {}) }],
        direction: 'both',
      },
      afterInject: (fault) => {
        ctx.metrics.record(
          'blockedPods',
          fault.blockedPods.map((p) => p.name),
        );
        ctx.expect.ok('the label selects pods', fault.blockedPods.length > 0, `no pod matches ${JSON.stringify(c.BLOCK_LABELS)}; set BLOCK_LABELS`);
      },
      expect: (during) => ctx.expect.atLeast('availability after the detection window', during.availabilityAfterDetection, c.MIN_AVAILABILITY),
    });
  },
});
