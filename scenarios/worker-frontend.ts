// Scenario "worker→frontend": one worker cannot talk to (or be reached by) the frontend; requests must go elsewhere.
// pod-to-pod.ts with the peer fixed to the frontend (FRONTEND_LABELS, APP_NAMESPACE only): its result also says
// whether the frontend itself still answered while cut from the worker (metric frontendHealthyDuringFault). For any
// other peer, or peers in another namespace, use pod-to-pod.
import { defineScenario, labels, partitionSettings, rate, runPartitionRecipe, z } from '../runner/scenario/index.ts';

export default defineScenario({
  name: 'worker-frontend',
  description:
    'Partition one decode worker from the frontend pods in both directions (NATS kept). The frontend must route around it: ' +
    '≥ MIN_AVAILABILITY after DETECTION_WINDOW_SECONDS; fully healthy within RECOVERY_BOUND_SECONDS after recovery.',
  timeout: 300,
  env: z.object({
    ...partitionSettings({ targetPrefix: 'vllm-decode-worker', faultSeconds: 60, blockedPort: 8000 }),
    FRONTEND_LABELS: labels({ 'nvidia.com/dynamo-component-type': 'frontend' }),
    MIN_AVAILABILITY: rate(0.95),
  }),
  async run(ctx) {
    const c = ctx.config;
    await runPartitionRecipe(ctx, {
      injectStep: 'inject: worker ⇹ frontend',
      spec: {
        target: { prefix: c.TARGET_PREFIX },
        blockNats: false,
        blockPods: [{ labels: c.FRONTEND_LABELS }],
        // Both directions: the frontend's requests to the worker and the worker's answers/callbacks to the frontend.
        direction: 'both',
      },
      afterInject: (fault) => {
        ctx.metrics.record(
          'blockedPods',
          fault.blockedPods.map((p) => p.name),
        );
        ctx.expect.ok(
          'a frontend pod is blocked',
          fault.blockedPods.length > 0,
          `no pod matches ${JSON.stringify(c.FRONTEND_LABELS)}: the partition would cut nothing; set FRONTEND_LABELS`,
        );
      },
      duringFault: async () => ctx.metrics.record('frontendHealthyDuringFault', await ctx.checks.checkFrontendReachable()),
      expect: (during) => ctx.expect.atLeast('availability after the detection window', during.availabilityAfterDetection, c.MIN_AVAILABILITY),
    });
  },
});
