// The runner main as a process: NDJSON only, one final scenario.result, exit codes, signals, termination message.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { spawnRunner, unreachableKubeconfig, type RunnerProcess } from './fixtures/spawn-runner.ts';

const kubeconfig = unreachableKubeconfig();

/** Asserts the contract's shape of a finished run and returns its result record. */
async function finished(run: RunnerProcess, expectedCode: number): Promise<Record<string, unknown>> {
  const code = await run.exit;
  assert.equal(code, expectedCode, `exit code; stderr: ${run.stderr.join('').slice(0, 2000)}`);
  assert.deepEqual(run.strayLines, [], 'stdout carries NDJSON only');
  for (const r of run.records) {
    assert.equal(typeof r.level, 'string');
    assert.ok(!Number.isNaN(Date.parse(String(r.time))), 'time is ISO');
  }
  const results = run.records.filter((r) => r.msg === 'scenario.result');
  assert.equal(results.length, 1, 'exactly one scenario.result');
  assert.equal(run.records.at(-1), results[0], 'scenario.result is the last line');
  const summary = readFileSync(run.terminationLog, 'utf8');
  assert.ok(statSync(run.terminationLog).size <= 4096);
  const parsed = JSON.parse(summary);
  assert.equal(parsed.status, results[0]!.status);
  return results[0]!;
}

describe('runner main (process)', () => {
  test('passing scenario → exit 0 with steps, metrics and the event sequence', async () => {
    const run = spawnRunner({ KUBECONFIG: kubeconfig, NETPART_SCENARIO: 'test/scenario/fixtures/pass.ts' });
    const result = await finished(run, 0);
    assert.equal(result.status, 'passed');
    assert.equal(result.endedBy, 'completed');
    assert.equal(result.scenario, 'fixture-pass');
    assert.deepEqual((result.metrics as Record<string, unknown>).answer, 42);
    const msgs = run.records.map((r) => r.msg);
    assert.ok(msgs.indexOf('scenario.start') < msgs.indexOf('step.start'));
    assert.ok(msgs.includes('check'));
  });

  test('failing expectation → exit 1; thrown error → exit 2; bad env → exit 2 naming the variable', async () => {
    const failed = await finished(spawnRunner({ KUBECONFIG: kubeconfig, NETPART_SCENARIO: 'test/scenario/fixtures/fail.ts' }), 1);
    assert.equal(failed.status, 'failed');
    assert.match(String(failed.reason), /availability during fault: 0\.5 is below the minimum 0\.95/);
    const errored = await finished(spawnRunner({ KUBECONFIG: kubeconfig, NETPART_SCENARIO: 'test/scenario/fixtures/error.ts' }), 2);
    assert.equal(errored.status, 'error');
    assert.match(String(errored.reason), /step "explode": TypeError: frontend URL answered with garbage/);
    const badEnv = await finished(spawnRunner({ KUBECONFIG: kubeconfig, NETPART_SCENARIO: 'x', NETPART_TIMEOUT_SECONDS: 'soon' }), 2);
    assert.match(String(badEnv.reason), /NETPART_TIMEOUT_SECONDS/);
    const missing = await finished(spawnRunner({ KUBECONFIG: kubeconfig, NETPART_SCENARIO: 'no-such-scenario' }), 2);
    assert.match(String(missing.reason), /not found.*available: .*worker-nats/);
  });

  test('the deadline (NETPART_TIMEOUT_SECONDS) ends the run as failed/timeout, exit 1', async () => {
    const run = spawnRunner({ KUBECONFIG: kubeconfig, NETPART_SCENARIO: 'test/scenario/fixtures/wait.ts', NETPART_TIMEOUT_SECONDS: '1' });
    const result = await finished(run, 1);
    assert.equal(result.endedBy, 'timeout');
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    test(`${signal} → exit ${code}, endedBy ${signal}; a second signal does not skip the result`, async () => {
      const run = spawnRunner({ KUBECONFIG: kubeconfig, NETPART_SCENARIO: 'test/scenario/fixtures/wait.ts' });
      await run.waitFor((r) => r.msg === 'step.start' && r.step === 'wait');
      run.child.kill(signal);
      run.child.kill(signal);
      const result = await finished(run, code);
      assert.equal(result.endedBy, signal);
      assert.equal(result.status, 'error');
    });
  }
});
