// TEMPLATE for your own scenario: copy to my-scenario.ts, rename, and run with
//   run-incluster ./my-scenario.ts -n <app namespace> --frontend-url http://<frontend>:8000
// Files starting with "_" are not bundled as built-in scenarios. It follows the same recipe as the built-ins
// (scenarios/worker-nats.ts and the others): you say what to cut and what must hold; runPartitionRecipe does the rest.
// From your own project, import from 'netpart/scenario' instead of '../runner/scenario/index.ts'.
import { defineScenario, partitionSettings, rate, runPartitionRecipe, z } from '../runner/scenario/index.ts';

export default defineScenario({
  // Lower-case, digits and "-": it names the result record and the Job.
  name: 'my-scenario',
  description: 'What is cut, and what must hold while it is cut and after it heals.',
  // Deadline in seconds. The runner uses the smaller of this and run-incluster's --timeout; at the deadline
  // ctx.signal aborts, every fault is recovered, and the result is "failed" with endedBy "timeout".
  timeout: 300,
  // Your settings, read from environment variables (run-incluster --env NAME=VALUE). A bad value stops the run
  // before anything is injected, with an error naming the variable. Read them as ctx.config.NAME.
  env: z.object({
    // The settings every partition scenario shares: TARGET_PREFIX, FAULT_SECONDS, DETECTION_WINDOW_SECONDS,
    // RECOVERY_BOUND_SECONDS, BASELINE_TIMEOUT_SECONDS, PROBE_INTERVAL_MS, ENFORCEMENT_PROBE, ENFORCEMENT_PROBE_PORT
    // and ESTABLISHED. blockedPort is the port your blocked pods listen on (4222 NATS, 8000 a frontend): the
    // enforcement probe dials it to see whether this cluster's enforcer really cuts.
    ...partitionSettings({ targetPrefix: 'vllm-decode-worker', faultSeconds: 30, blockedPort: 4222 }),
    // Your own thresholds.
    MIN_AVAILABILITY: rate(0.95),
  }),
  async run(ctx) {
    const c = ctx.config; // also: c.appNamespace, c.frontendUrl, c.apiUrl, c.timeoutSeconds
    // The recipe, one step each: a healthy baseline (it never injects into a system that is already broken) →
    // the enforcement probe (the runner's own pod partitioned the same way for a few seconds: does this cluster
    // enforce NetworkPolicy, and does it keep open connections? That decides ESTABLISHED=auto) → inject, probing the
    // frontend for FAULT_SECONDS from the inject's start → recover → time to recover → expectations.
    // Every fault is recovered when run() ends: normally, by a throw, at the deadline, or on SIGTERM/SIGINT; its
    // duration (FAULT_SECONDS + 60) is a safety net for a runner killed without a chance to recover.
    await runPartitionRecipe(ctx, {
      injectStep: 'inject: worker loses NATS',
      spec: {
        target: { prefix: c.TARGET_PREFIX }, // or { selector: { app: 'worker' } }; count: 'one' | 'all' | N
        blockNats: true, // NATS = pods labelled app.kubernetes.io/name in [nats, dynamo-platform-nats]
        blockPods: [], // e.g. [{ labels: { 'nvidia.com/dynamo-component-type': 'frontend' } }]
        direction: 'egress', // 'ingress' | 'both'
      },
      // Optional: right after the inject returned (the fault window's probe is already running).
      afterInject: (fault) => ctx.log.info({ targetPods: fault.targetPods.map((p) => p.name) }, 'partition active'),
      // Optional: after the fault window was measured and recorded (availabilityDuringFault, timeToFirstFailureMs, …),
      // before the recovery. Anything JSON you record lands in result.metrics.
      duringFault: (during) => ctx.metrics.record('myOwnMeasurement', during.probe.latency.p95),
      // Your expectations on the fault window; "recovered within RECOVERY_BOUND_SECONDS" follows them. A failing one
      // ends the run as "failed" (exit 1) with its name and numbers in the reason; anything else that throws ends it
      // as "error" (exit 2). Use ctx.sleep(ms), not setTimeout: it stops on the deadline.
      expect: (during) => ctx.expect.atLeast('availability after the detection window', during.availabilityAfterDetection, c.MIN_AVAILABILITY),
    });
    // A flow the recipe does not fit (two faults, a fault without a frontend probe, …): write it with ctx.step,
    // ctx.faults.inject/recover and the recipe's parts, requireHealthyBaseline, measureFaultWindow, recordFaultWindow
    // and measureRecovery (runner/scenario/partition-recipe.ts shows how they fit together).
  },
});
