// TEMPLATE for your own scenario: copy to my-scenario.ts, rename, and run with
//   run-incluster ./my-scenario.ts -n <app namespace> --frontend-url http://<frontend>:8000
// Files starting with "_" are not bundled as built-in scenarios.
import { defineScenario, measureFaultWindow, measureRecovery, millis, podPrefix, rate, recordFaultWindow, requireHealthyBaseline, seconds, z } from '../runner/scenario/index.ts';

export default defineScenario({
  // Lower-case, digits and "-": it names the result record and the Job.
  name: 'my-scenario',
  description: 'What is cut, and what must hold while it is cut and after it heals.',
  // Deadline in seconds. The runner uses the smaller of this and run-incluster's --timeout; at the deadline
  // ctx.signal aborts, every fault is recovered, and the result is "failed" with endedBy "timeout".
  timeout: 240,
  // Your settings, read from environment variables (run-incluster --env NAME=VALUE). A bad value stops the run
  // before anything is injected, with an error naming the variable. Read them as ctx.config.NAME.
  env: z.object({
    TARGET_PREFIX: podPrefix('vllm-decode-worker'),
    FAULT_SECONDS: seconds(30),
    DETECTION_WINDOW_SECONDS: seconds(10),
    MIN_AVAILABILITY: rate(0.95),
    RECOVERY_BOUND_SECONDS: seconds(30),
    PROBE_INTERVAL_MS: millis(500),
  }),
  async run(ctx) {
    const c = ctx.config; // also: c.appNamespace, c.frontendUrl, c.apiUrl, c.timeoutSeconds

    // 1. Never inject into a system that is already broken: the result would prove nothing.
    await ctx.step('baseline', () => requireHealthyBaseline(ctx, 30_000));

    // 2. Inject. The namespace defaults to APP_NAMESPACE. Every fault is recovered when run() ends —
    //    normally, by a throw, at the deadline, or on SIGTERM/SIGINT. `duration` is a safety net: the fault
    //    also expires on its own if the runner is killed without a chance to recover.
    const fault = await ctx.step('inject', () =>
      ctx.faults.inject({
        target: { prefix: c.TARGET_PREFIX }, // or { selector: { app: 'worker' } }; count: 'one' | 'all' | N
        blockNats: true, // NATS = pods labelled app.kubernetes.io/name in [nats, dynamo-platform-nats]
        blockPods: [], // e.g. [{ labels: { 'nvidia.com/dynamo-component-type': 'frontend' } }]
        direction: 'egress', // 'ingress' | 'both'
        duration: c.FAULT_SECONDS + 60,
      }),
    );
    ctx.log.info({ targetPods: fault.targetPods.map((p) => p.name) }, 'partition active');

    // 3. Measure while the fault is active. ctx.checks talks to FRONTEND_URL and stops on the deadline.
    const during = await ctx.step('probe during the fault', () =>
      measureFaultWindow(ctx, { durationMs: c.FAULT_SECONDS * 1000, detectionWindowMs: c.DETECTION_WINDOW_SECONDS * 1000, intervalMs: c.PROBE_INTERVAL_MS }),
    );
    recordFaultWindow(ctx, during); // availabilityDuringFault, availabilityAfterDetection, timeToFirstFailureMs, …
    ctx.metrics.record('myOwnMeasurement', during.probe.latency.p95 ?? null); // anything JSON lands in result.metrics

    // 4. Heal and measure the way back.
    await ctx.step('recover', () => ctx.faults.recover(fault));
    const recoveredIn = await ctx.step('time to recover', () => measureRecovery(ctx, c.RECOVERY_BOUND_SECONDS * 1000, c.PROBE_INTERVAL_MS));

    // 5. Expectations: a failing one ends the run as "failed" (exit 1) with this name and the numbers in the reason.
    //    Anything else that throws ends it as "error" (exit 2). Use ctx.sleep(ms), not setTimeout: it stops on the deadline.
    await ctx.step('expectations', () => {
      ctx.expect.atLeast('availability after the detection window', during.availabilityAfterDetection, c.MIN_AVAILABILITY);
      ctx.expect.ok('recovered within the bound', recoveredIn !== null, `not healthy within ${c.RECOVERY_BOUND_SECONDS}s`);
    });
  },
});
