// runScenario orchestration: statuses, endedBy, recovery on every path, records; engine = in-memory test double.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { defineScenario } from '../../runner/scenario/define.ts';
import { runScenario, type RunScenarioOptions } from '../../runner/scenario/run-scenario.ts';
import type { ScenarioContext } from '../../runner/scenario/types.ts';
import { createMemoryEngine, type MemoryEngine } from './fixtures/memory-engine.ts';
import { memoryLogger } from './fixtures/log-sink.ts';

const config = { apiUrl: 'http://127.0.0.1:1', frontendUrl: 'http://127.0.0.1:1', appNamespace: 'demo' };

function scenario(run: (ctx: ScenarioContext) => Promise<void>, timeout = 30) {
  return defineScenario({ name: 'unit', description: 'unit test scenario', timeout, run });
}

async function execute(run: (ctx: ScenarioContext) => Promise<void>, extra: Partial<RunScenarioOptions> = {}) {
  const engine = createMemoryEngine();
  const { logger, records } = memoryLogger();
  const result = await runScenario({ scenario: scenario(run), engine, config, env: {}, logger, recoverRetryDelayMs: 1, ...extra });
  return { result, engine: (extra.engine as MemoryEngine | undefined) ?? engine, records };
}

describe('runScenario', () => {
  test('a passing scenario: passed/completed, steps and metrics recorded, faults recovered with times', async () => {
    const { result, engine, records } = await execute(async (ctx) => {
      const fault = await ctx.step('inject', () => ctx.faults.inject({ target: { prefix: 'worker' } }));
      assert.equal(fault.namespace, 'demo', 'namespace defaults to APP_NAMESPACE');
      await ctx.step('measure', async () => ctx.metrics.record('availability', 0.99));
    });
    assert.equal(result.status, 'passed');
    assert.equal(result.endedBy, 'completed');
    assert.deepEqual(
      result.steps.map((s) => [s.name, s.status]),
      [
        ['inject', 'passed'],
        ['measure', 'passed'],
      ],
    );
    assert.equal(result.metrics.availability, 0.99);
    assert.equal(result.faults.length, 1);
    assert.ok(result.faults[0]!.recoveredAt, 'recoveredAt set');
    assert.deepEqual(engine.activeIds, [], 'nothing left in the engine');
    assert.equal(engine.held.length, 1, 'engine.hold called for expiry');
    assert.equal(engine.released, true);
    const msgs = records().map((r) => r.msg);
    assert.ok(msgs.includes('scenario.start'));
    assert.equal(msgs.filter((m) => m === 'step.end').length, 2);
  });

  test('an expectation that fails: failed/assertion, reason names the step and the check, fault recovered', async () => {
    const { result, engine } = await execute(async (ctx) => {
      await ctx.faults.inject({ target: { prefix: 'worker' } });
      await ctx.step('availability', async () => ctx.expect.atLeast('availability during fault', 0.5, 0.95));
    });
    assert.equal(result.status, 'failed');
    assert.equal(result.endedBy, 'assertion');
    assert.match(result.reason!, /step "availability": availability during fault: 0\.5 is below the minimum 0\.95/);
    assert.deepEqual(engine.activeIds, []);
    assert.deepEqual(result.checks, [{ name: 'availability during fault', ok: false, details: { actual: 0.5, min: 0.95 } }]);
  });

  test('a thrown error: error/error with the error name; a failed step caught by the scenario still fails it', async () => {
    const thrown = await execute(async () => {
      throw new TypeError('boom');
    });
    assert.equal(thrown.result.status, 'error');
    assert.equal(thrown.result.endedBy, 'error');
    assert.equal(thrown.result.reason, 'TypeError: boom');

    const swallowed = await execute(async (ctx) => {
      await ctx.step('tolerated?', async () => ctx.expect.ok('frontend healthy', false, 'GET /health gave 503')).catch(() => undefined);
    });
    assert.equal(swallowed.result.status, 'failed');
    assert.match(swallowed.result.reason!, /step "tolerated\?": frontend healthy: GET \/health gave 503/);
  });

  test('the deadline aborts ctx.signal, ends as failed/timeout, marks the running step aborted and recovers', async () => {
    const engine = createMemoryEngine();
    const { logger } = memoryLogger();
    let signalAborted = false;
    const s = defineScenario({
      name: 'slow',
      description: 'sleeps past its deadline',
      timeout: 1,
      async run(ctx) {
        await ctx.faults.inject({ target: { prefix: 'worker' } });
        ctx.signal.addEventListener('abort', () => (signalAborted = true));
        await ctx.step('wait forever', () => ctx.sleep(60_000));
      },
    });
    const started = Date.now();
    const result = await runScenario({ scenario: s, engine, config, env: {}, logger });
    // Half the 60 s sleep: far past the 1 s deadline even on a loaded machine, far short of the sleep.
    assert.ok(Date.now() - started < 30_000, 'ended at the deadline, not after the sleep');
    assert.equal(result.endedBy, 'timeout');
    assert.equal(result.status, 'failed');
    assert.match(result.reason!, /deadline of 1s reached/);
    assert.equal(result.steps[0]!.status, 'aborted');
    assert.ok(signalAborted);
    assert.deepEqual(engine.activeIds, []);
  });

  test('NETPART_TIMEOUT_SECONDS below the scenario timeout wins', async () => {
    const { result } = await execute(async (ctx) => ctx.metrics.record('timeout', ctx.config.timeoutSeconds), {
      config: { ...config, envTimeoutSeconds: 7 },
    });
    assert.equal(result.metrics.timeout, 7);
  });

  test('a scenario that ignores the signal: the stop still ends the run and recovers; late injects are refused', async () => {
    const engine = createMemoryEngine();
    const { logger } = memoryLogger();
    const stop = new AbortController();
    // The body goes on after the run has ended (it waits for that, ignoring the signal), then tries one more inject.
    let endRun!: () => void;
    const runEnded = new Promise<void>((resolve) => (endRun = resolve));
    let settleLate!: (outcome: Promise<unknown>) => void;
    const lateInject = new Promise<unknown>((resolve) => (settleLate = resolve));
    const s = scenario(async (ctx) => {
      await ctx.faults.inject({ target: { prefix: 'worker' } });
      stop.abort('SIGTERM');
      await runEnded; // not abortable on purpose
      settleLate(
        ctx.faults.inject({ target: { prefix: 'late' } }).then(
          () => 'created',
          (error: unknown) => error,
        ),
      );
    });
    const result = await runScenario({ scenario: s, engine, config, env: {}, logger, stop: stop.signal });
    assert.equal(result.endedBy, 'SIGTERM');
    assert.equal(result.status, 'error');
    assert.deepEqual(engine.activeIds, []);
    endRun();
    assert.equal(((await lateInject) as Error).name, 'ScenarioAbortedError');
    assert.deepEqual(engine.activeIds, [], 'the late inject created nothing');
  });

  test('an inject in flight when SIGINT arrives is awaited and recovered', async () => {
    const engine = createMemoryEngine();
    engine.injectDelayMs = 200;
    const { logger } = memoryLogger();
    const stop = new AbortController();
    const s = scenario(async (ctx) => {
      setTimeout(() => stop.abort('SIGINT'), 20);
      await ctx.faults.inject({ target: { prefix: 'worker' } });
    });
    const result = await runScenario({ scenario: s, engine, config, env: {}, logger, stop: stop.signal });
    assert.equal(result.endedBy, 'SIGINT');
    assert.equal(result.faults.length, 1, 'the in-flight fault is in the record');
    assert.ok(result.faults[0]!.recoveredAt);
    assert.deepEqual(engine.activeIds, []);
  });

  test('recovery retries a flaky API server; persistent failure makes the run an error naming the fault', async () => {
    const flaky = createMemoryEngine();
    flaky.failRecoveries = 2;
    const ok = await execute(
      async (ctx) => {
        await ctx.faults.inject({ target: { prefix: 'w' } });
      },
      { engine: flaky },
    );
    assert.equal(ok.result.status, 'passed');
    assert.deepEqual(flaky.activeIds, []);

    const broken = createMemoryEngine();
    broken.failRecoveries = 100;
    const bad = await execute(
      async (ctx) => {
        await ctx.faults.inject({ target: { prefix: 'w' } });
      },
      { engine: broken },
    );
    assert.equal(bad.result.status, 'error');
    assert.match(bad.result.reason!, /could not recover 1 fault\(s\): fault0000 in demo \(API server unavailable/);
    assert.equal(bad.result.faults[0]!.recoveredAt, null);
  });

  test('scenario env is validated and merged into ctx.config; a bad value names the variable', async () => {
    const s = defineScenario({
      name: 'env',
      description: 'reads MIN_AVAILABILITY',
      timeout: 10,
      env: z.object({ MIN_AVAILABILITY: z.coerce.number().min(0).max(1).default(0.95) }),
      async run(ctx) {
        ctx.metrics.record('min', ctx.config.MIN_AVAILABILITY);
      },
    });
    const { logger } = memoryLogger();
    const good = await runScenario({ scenario: s, engine: createMemoryEngine(), config, env: { MIN_AVAILABILITY: '0.9' }, logger });
    assert.equal(good.metrics.min, 0.9);
    const bad = await runScenario({ scenario: s, engine: createMemoryEngine(), config, env: { MIN_AVAILABILITY: '2' }, logger });
    assert.equal(bad.status, 'error');
    assert.match(bad.reason!, /MIN_AVAILABILITY: .*1/);
  });

  test('ctx.faults.recover mid-scenario records recoveredAt and a second recover is a no-op', async () => {
    const { result, engine } = await execute(async (ctx) => {
      const fault = await ctx.faults.inject({ target: { prefix: 'w' } });
      await ctx.faults.recover(fault);
      await ctx.faults.recover(fault.id);
      assert.equal(ctx.faults.active.length, 0);
    });
    assert.equal(result.status, 'passed');
    assert.ok(result.faults[0]!.recoveredAt);
    assert.equal(engine.recoverCalls, 1);
  });
});
