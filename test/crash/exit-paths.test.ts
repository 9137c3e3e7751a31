// Every exit path of the real runner process against the testbed: SIGTERM, SIGINT, deadline overrun and a thrown
// error each end with the fault recovered BEFORE the process exits, and the result record's endedBy says how.
// (test/scenario/ covers these paths with an unreachable API server or an in-memory engine; here the faults are real.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnRunner, type RunnerProcess } from '../scenario/fixtures/spawn-runner.ts';
import { clusterSuite } from '../support/cluster.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';
import { assertNoLeftovers, leftovers } from '../support/leftovers.ts';

const suite = clusterSuite();

interface FaultRecord {
  id: string;
  recoveredAt: string | null;
}

/** Waits for exit, then checks the record and that nothing of the fault outlived the process. */
async function endedCleanly(run: RunnerProcess, namespace: string, expected: { code: number; endedBy: string }): Promise<void> {
  const code = await run.exit;
  const stderr = run.stderr.join('').slice(0, 2000);
  assert.equal(code, expected.code, `exit code; stderr: ${stderr}`);
  const result = run.records.find((r) => r.msg === 'scenario.result');
  assert.ok(result, `no scenario.result; stderr: ${stderr}`);
  assert.equal(result.endedBy, expected.endedBy);
  const faults = result.faults as FaultRecord[];
  assert.equal(faults.length, 1, 'the scenario injected one fault');
  assert.ok(faults[0]!.recoveredAt, `fault ${faults[0]!.id} has no recoveredAt: ${JSON.stringify(result)}`);
  const msgs = run.records.map((r) => r.msg);
  assert.ok(
    msgs.lastIndexOf('fault.recovered') >= 0 && msgs.lastIndexOf('fault.recovered') < msgs.indexOf('scenario.result'),
    `recovery logged before the result: ${msgs.join(', ')}`,
  );
  // Read right after exit: the runner cannot have recovered anything later, so this proves "before exit".
  await assertNoLeftovers(suite.get().kube, namespace);
}

describe('crash safety: every runner exit path recovers real faults', { skip: suite.skip, timeout: 150_000 }, () => {
  let namespace = '';
  const env = () => ({
    KUBECONFIG: suite.get().kubeconfigPath,
    APP_NAMESPACE: namespace,
    FIXTURE_TARGET_PREFIX: 'vllm-decode-worker',
  });
  const injected = (run: RunnerProcess) => run.waitFor((r) => r.msg === 'fault.injected', 60_000);

  test('setup: the app pods', async () => {
    const cluster = suite.get();
    namespace = await cluster.newNamespace('crash-exit');
    await createRunningPods(cluster.kube, namespace, dynamoPods());
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    test(`${signal} while the fault is held → recovered, endedBy ${signal}`, async () => {
      const run = spawnRunner({ ...env(), NETPART_SCENARIO: 'test/scenario/fixtures/wait.ts' });
      await injected(run);
      await run.waitFor((r) => r.msg === 'step.start' && r.step === 'wait');
      assert.equal((await leftovers(suite.get().kube, namespace)).policies.length, 1, 'the fault is live before the signal');
      run.child.kill(signal);
      await endedCleanly(run, namespace, { code, endedBy: signal });
    });
  }

  test('deadline overrun (NETPART_TIMEOUT_SECONDS=4) → recovered, endedBy timeout', async () => {
    const run = spawnRunner({ ...env(), NETPART_SCENARIO: 'test/scenario/fixtures/wait.ts', NETPART_TIMEOUT_SECONDS: '4' });
    await injected(run);
    await endedCleanly(run, namespace, { code: 1, endedBy: 'timeout' });
  });

  test('a thrown error after the inject → recovered, endedBy error', async () => {
    const run = spawnRunner({ ...env(), NETPART_SCENARIO: 'test/crash/fixtures/inject-then-throw.ts' });
    await endedCleanly(run, namespace, { code: 2, endedBy: 'error' });
    const result = run.records.find((r) => r.msg === 'scenario.result')!;
    assert.match(String(result.reason), /RangeError: scenario bug after the fault was injected/);
  });
});
