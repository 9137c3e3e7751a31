// The built-in scenarios against a real loopback frontend whose health follows the (test-double) engine's faults.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sendJson } from '../checks/loopback.ts';
import { runScenario } from '../../runner/scenario/run-scenario.ts';
import type { Scenario } from '../../runner/scenario/define.ts';
import workerNats from '../../scenarios/worker-nats.ts';
import frontendNats from '../../scenarios/frontend-nats.ts';
import podToPod from '../../scenarios/pod-to-pod.ts';
import workerFrontend from '../../scenarios/worker-frontend.ts';
import template from '../../scenarios/_template.ts';
import { createMemoryEngine } from './fixtures/memory-engine.ts';
import { memoryLogger } from './fixtures/log-sink.ts';

const FAST = { FAULT_SECONDS: '2', DETECTION_WINDOW_SECONDS: '1', PROBE_INTERVAL_MS: '100', RECOVERY_BOUND_SECONDS: '5', BASELINE_TIMEOUT_SECONDS: '5' };

/** Runs a scenario against a loopback frontend that answers 503 while a fault is active iff `failDuringFault`. */
async function runAgainstFrontend(scenario: Scenario<object>, failDuringFault: boolean) {
  const engine = createMemoryEngine();
  const server = await startServer((req, res) => {
    const broken = failDuringFault && engine.activeIds.length > 0;
    if (req.url === '/v1/models') {
      sendJson(res, 200, { data: [{ id: 'tiny' }] });
      return;
    }
    if (req.url === '/health') {
      sendJson(res, broken ? 503 : 200, { status: broken ? 'unhealthy' : 'healthy' });
      return;
    }
    if (broken) {
      sendJson(res, 503, { detail: 'no workers' });
      return;
    }
    sendJson(res, 200, { choices: [{ text: 'hi' }] });
  });
  try {
    const { logger } = memoryLogger('warn');
    const result = await runScenario({
      scenario,
      engine,
      config: { apiUrl: server.url, frontendUrl: server.url, appNamespace: 'demo' },
      env: FAST,
      logger,
    });
    assert.deepEqual(engine.activeIds, [], 'no fault left');
    return result;
  } finally {
    await server.close();
  }
}

describe('built-in scenarios on a loopback frontend', () => {
  // The template too: what users copy must run the same recipe and pass where the built-ins pass.
  for (const scenario of [workerNats, workerFrontend, podToPod, template] as Scenario<object>[]) {
    test(`${scenario.name}: a system that keeps serving passes and records the measurements`, async () => {
      const result = await runAgainstFrontend(scenario, false);
      assert.equal(result.status, 'passed', result.reason);
      assert.equal(result.metrics.availabilityAfterDetection, 1);
      assert.equal(result.metrics.timeToFirstFailureMs, null);
      assert.equal(typeof result.metrics.timeToRecoverSeconds, 'number');
      assert.ok((result.metrics.requestsDuringFault as number) >= 10);
    });
  }

  test('worker-nats: a system that fails while the worker is cut fails with the availability in the reason', async () => {
    const result = await runAgainstFrontend(workerNats, true);
    assert.equal(result.status, 'failed');
    assert.match(result.reason!, /availability after the detection window: 0 is below the minimum 0\.95/);
  });

  test('frontend-nats: failures during the cut and recovery after → passed, with timeToFirstFailureMs', async () => {
    const result = await runAgainstFrontend(frontendNats, true);
    assert.equal(result.status, 'passed', result.reason);
    assert.equal(result.metrics.availabilityAfterDetection, 0);
    assert.equal(typeof result.metrics.timeToFirstFailureMs, 'number');
  });

  test('frontend-nats: no failure during the cut → failed ("the cut must show")', async () => {
    const result = await runAgainstFrontend(frontendNats, false);
    assert.equal(result.status, 'failed');
    assert.match(result.reason!, /the cut must show/);
  });
});
