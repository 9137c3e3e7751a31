// [slow] Inject a 5 s partition through each way in (CLI, TypeScript client, HTTP API, runner Job), then SIGKILL every
// netpart process involved — the API server is never restarted, the runner Job is not deleted. Kubernetes alone must
// remove the policy, at most 2 s after its expiry; the lateness is measured by a watch and printed.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { buildBundles, RUNNER_TARGET } from '../../scripts/build.ts';
import type { Kube } from '../../runner/kube/client.ts';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { createRunningPods, dynamoPods, REPO_ROOT } from '../../testbed/index.ts';
import { watchPolicyEnds, type PolicyWatch } from '../support/policy-watch.ts';
import { kubectlApply, renderInNamespace } from '../manifests/kustomize.ts';
import { goneOnTime, netpartObjects } from './measure.ts';
import { alive, killHard, readUntil, spawnTsx } from './processes.ts';

const suite = clusterSuite();
const ID = /"(?:id|fault_id|faultId)":\s*"([a-z0-9]{6,24})"/;

/** A namespace with the app pods and a watch on its policies. */
async function setup(prefix: string): Promise<{ kube: Kube; namespace: string; watch: PolicyWatch; kubeconfig: string }> {
  const cluster = suite.get();
  const namespace = await cluster.newNamespace(prefix);
  await createRunningPods(cluster.kube, namespace, dynamoPods());
  return { kube: cluster.kube, namespace, watch: await watchPolicyEnds(cluster.kube, namespace), kubeconfig: cluster.kubeconfigPath };
}

/** After the policy went on time: no netpart object is left but the target label the next sweep removes. */
async function nothingLeft(kube: Kube, namespace: string): Promise<void> {
  assert.deepEqual(
    await waitFor(
      'expiry Job and policy gone',
      async () => {
        const left = await netpartObjects(kube, namespace);
        return left.policies.length + left.expiryJobs.length === 0 && left;
      },
      5000,
    ),
    { policies: [], expiryJobs: [] },
  );
}

describe('reliability: expiry with no netpart process alive [slow]', { skip: suite.skip, timeout: 300_000 }, () => {
  test('CLI: fault-inject inject --duration 5s, then SIGKILL', async () => {
    const { kube, namespace, watch, kubeconfig } = await setup('rel-cli');
    try {
      const cli = spawnTsx([
        'runner/cli/fault-inject.ts',
        '--kubeconfig',
        kubeconfig,
        '-o',
        'json',
        'inject',
        '-n',
        namespace,
        '--target-prefix',
        'vllm-decode-worker',
        '--duration',
        '5s',
      ]);
      const [, faultId] = await readUntil(cli, ID);
      await killHard(cli);
      assert.equal(alive(cli.child.pid), false);
      await goneOnTime(watch, faultId!, 'CLI');
      await nothingLeft(kube, namespace);
    } finally {
      watch.stop();
    }
  });

  test('TypeScript client (direct): injectNetworkPartition({ duration: 5 }), then SIGKILL while it holds the fault', async () => {
    const { kube, namespace, watch, kubeconfig } = await setup('rel-client');
    try {
      const script = spawnTsx(['test/reliability/fixtures/client-inject.ts'], { RELIABILITY_KUBECONFIG: kubeconfig, RELIABILITY_NAMESPACE: namespace });
      const [, faultId] = await readUntil(script, ID);
      await killHard(script);
      await goneOnTime(watch, faultId!, 'TS client');
      await nothingLeft(kube, namespace);
    } finally {
      watch.stop();
    }
  });

  test('HTTP API: inject with duration 5, then SIGKILL the API server and never restart it', async () => {
    const { kube, namespace, watch, kubeconfig } = await setup('rel-api');
    try {
      const api = spawnTsx(['runner/api/main.ts', '--port', '0', '--host', '127.0.0.1', '--insecure-no-auth', '--kubeconfig', kubeconfig], {
        NETPART_NAMESPACES: namespace,
      });
      const [, url] = await readUntil(api, /"url":"(http:\/\/[^"]+)"/);
      const res = await fetch(`${url}/api/v1/faults/network/inject`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          partition_type: 'worker_nats',
          source: namespace,
          target: namespace,
          mode: 'networkpolicy',
          parameters: { namespace, target_pod_prefix: 'vllm-decode-worker', block_nats: true },
          duration: 5,
        }),
      });
      const body = (await res.json()) as { fault_id: string };
      assert.equal(res.status, 200, JSON.stringify(body));
      await killHard(api);
      await goneOnTime(watch, body.fault_id, 'API (server killed, not restarted)');
      await nothingLeft(kube, namespace);
    } finally {
      watch.stop();
    }
  });

  describe('runner Job', () => {
    before(async () => {
      // The node agent runs <repo>/dist/runner/main.mjs for */netpart/runner:* images.
      await buildBundles([RUNNER_TARGET], { root: REPO_ROOT, outdir: join(REPO_ROOT, 'dist') });
    });

    test('a runner Job that injects with duration 5 and is SIGKILLed; run-incluster SIGKILLed too; nothing deleted', async () => {
      const { kube, namespace, watch, kubeconfig } = await setup('rel-job');
      try {
        kubectlApply(kubeconfig, renderInNamespace('manifests/base', namespace));
        const file = join(mkdtempSync(join(tmpdir(), 'netpart-rel-')), 'inject-then-die.ts');
        writeFileSync(
          file,
          `import { defineScenario } from ${JSON.stringify(join(REPO_ROOT, 'runner/scenario/index.ts'))};\n` +
            `export default defineScenario({ name: 'inject-then-die', description: 'reliability', timeout: 120, async run(ctx) {\n` +
            `  await ctx.step('inject', () => ctx.faults.inject({ target: { prefix: 'vllm-decode-worker' }, duration: 5 }));\n` +
            `  process.kill(process.pid, 'SIGKILL');\n} });\n`,
        );
        const cli = spawnTsx([
          'runner/cli/run-incluster.ts',
          file,
          '-n',
          namespace,
          '--timeout',
          '60',
          '-o',
          'json',
          '--kubeconfig',
          kubeconfig,
          '--image',
          'ghcr.io/netpart/runner:e2e',
        ]);
        const [line] = await readUntil(cli, /.*"msg":"fault\.injected".*/, 120_000);
        const faultId = JSON.parse(line).faultId as string;
        await killHard(cli);
        // The runner killed itself right after the inject: its container ends with 137 and the Job stays.
        const pod = await waitFor(
          'the runner pod to end',
          async () => {
            const pods = (await kube.core.listNamespacedPod({ namespace, labelSelector: 'app.kubernetes.io/name=netpart-runner' })).items;
            return pods.find((p) => p.status?.phase === 'Failed');
          },
          30_000,
        ).catch(async () => (await kube.core.listNamespacedPod({ namespace })).items.find((p) => p.metadata?.name?.startsWith('netpart-inject-then-die')));
        assert.equal(pod?.status?.containerStatuses?.[0]?.state?.terminated?.exitCode, 137, `runner pod: ${JSON.stringify(pod?.status)}`);
        await goneOnTime(watch, faultId, 'runner Job (runner SIGKILLed, Job kept)');
        await nothingLeft(kube, namespace);
        assert.equal(
          (await kube.batch.listNamespacedJob({ namespace })).items.filter((j) => j.metadata?.name?.startsWith('netpart-inject-then-die')).length,
          1,
          'the runner Job was left alone',
        );
      } finally {
        watch.stop();
      }
    });
  });
});
