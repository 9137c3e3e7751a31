// On the testbed: the runner recovers real partitions on every exit path and sweeps expired ones at start.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createFaultEngine } from '../../runner/faults/engine.ts';
import { defineScenario } from '../../runner/scenario/define.ts';
import { runScenario } from '../../runner/scenario/run-scenario.ts';
import { clusterSuite } from '../support/cluster.ts';
import { assertNoLeftovers, leftovers } from '../support/leftovers.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';
import { memoryLogger } from './fixtures/log-sink.ts';
import { spawnRunner } from './fixtures/spawn-runner.ts';

const cluster = clusterSuite();

async function appNamespace(prefix: string): Promise<string> {
  const c = cluster.get();
  const namespace = await c.newNamespace(prefix);
  await createRunningPods(c.kube, namespace, dynamoPods());
  return namespace;
}

describe('scenario runner on the testbed', { skip: cluster.skip }, () => {
  test('runScenario with the real engine: a throwing scenario leaves no policy and no label', async () => {
    const c = cluster.get();
    const namespace = await appNamespace('scn-throw');
    const { logger } = memoryLogger();
    const scenario = defineScenario({
      name: 'throws-after-inject',
      description: 'injects then throws',
      timeout: 60,
      async run(ctx) {
        const fault = await ctx.faults.inject({ target: { prefix: 'vllm-decode-worker' } });
        assert.equal((await leftovers(c.kube, namespace)).policies.length, 1, 'the partition exists while running');
        assert.deepEqual(
          fault.targetPods.map((p) => p.name),
          ['vllm-decode-worker-0'],
        );
        throw new Error('scenario bug');
      },
    });
    const engine = createFaultEngine(c.kube, { logger, namespaces: [namespace] });
    const result = await runScenario({
      scenario,
      engine,
      config: { apiUrl: 'http://127.0.0.1:1', frontendUrl: 'http://127.0.0.1:1', appNamespace: namespace },
      env: {},
      logger,
    });
    assert.equal(result.status, 'error');
    assert.ok(result.faults[0]?.recoveredAt);
    await assertNoLeftovers(c.kube, namespace);
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    test(`runner process: ${signal} while a partition is active → recovered, exit ${code}`, async () => {
      const c = cluster.get();
      const namespace = await appNamespace(`scn-${signal.toLowerCase()}`);
      const run = spawnRunner({
        KUBECONFIG: c.kubeconfigPath,
        APP_NAMESPACE: namespace,
        NETPART_SCENARIO: 'test/scenario/fixtures/wait.ts',
        FIXTURE_TARGET_PREFIX: 'vllm-decode-worker',
      });
      const injected = await run.waitFor((r) => r.msg === 'fault.injected');
      assert.equal((await leftovers(c.kube, namespace)).policies.length, 1);
      await run.waitFor((r) => r.msg === 'step.start' && r.step === 'wait');
      run.child.kill(signal);
      assert.equal(await run.exit, code, run.stderr.join(''));
      await assertNoLeftovers(c.kube, namespace);
      const result = run.records.at(-1)!;
      assert.equal(result.msg, 'scenario.result');
      assert.equal(result.endedBy, signal);
      const faults = result.faults as { id: string; recoveredAt: string | null }[];
      assert.equal(faults[0]?.id, injected.faultId);
      assert.ok(faults[0]?.recoveredAt);
    });
  }

  test('runner process: the deadline recovers the partition; the start sweeps an expired leftover', async () => {
    const c = cluster.get();
    const namespace = await appNamespace('scn-deadline');
    // Without its expiry Job (switched off, or made by an older netpart): Kubernetes would otherwise remove it first.
    const engine = createFaultEngine(c.kube, { namespaces: [namespace], expiryJob: false });
    const leftover = await engine.inject({ namespace, target: { prefix: 'vllm-frontend' }, duration: 1 });
    // Until the 1 s leftover has certainly expired, measured from its own expiresAt.
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(leftover.expiresAt) - Date.now()) + 200));
    const run = spawnRunner({
      KUBECONFIG: c.kubeconfigPath,
      APP_NAMESPACE: namespace,
      NETPART_SCENARIO: 'test/scenario/fixtures/wait.ts',
      FIXTURE_TARGET_PREFIX: 'vllm-decode-worker',
      NETPART_TIMEOUT_SECONDS: '8',
    });
    const sweep = await run.waitFor((r) => r.msg === 'sweep');
    assert.ok(
      (sweep.deletedPolicies as { faultId: string }[]).some((d) => d.faultId === leftover.id),
      JSON.stringify(sweep),
    );
    assert.equal(await run.exit, 1, run.stderr.join(''));
    const result = run.records.at(-1)!;
    assert.equal(result.endedBy, 'timeout');
    await assertNoLeftovers(c.kube, namespace);
  });
});
