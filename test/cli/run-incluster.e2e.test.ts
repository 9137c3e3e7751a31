// End to end on the testbed: run-incluster submits real Jobs (the node agent runs dist/runner/main.mjs), streams
// their logs, exits with the scenario's result, and on Ctrl-C deletes the Job and leaves no partition behind.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundles, RUNNER_TARGET } from '../../scripts/build.ts';
import { clusterSuite, serviceAccountKube, waitFor, type TestCluster } from '../support/cluster.ts';
import { createRunningPods, idlePod } from '../../testbed/index.ts';
import { kubectlApply, renderInNamespace } from '../manifests/kustomize.ts';

const c = clusterSuite();
const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'netpart-e2e-'));
const RESTRICTED = { 'pod-security.kubernetes.io/enforce': 'restricted' };

function scenarioFile(name: string, body: string): string {
  const file = join(work, `${name}.ts`);
  writeFileSync(
    file,
    `import { defineScenario } from ${JSON.stringify(join(root, 'runner/scenario/index.ts'))};\n` +
      `export default defineScenario({ name: '${name}', description: 'e2e', timeout: 120, async run(ctx) {\n${body}\n} });\n`,
  );
  return file;
}

/** A namespace like a user's: restricted, with the base manifests applied. */
async function appNamespace(cluster: TestCluster, prefix: string): Promise<string> {
  const ns = await cluster.newNamespace(prefix, RESTRICTED);
  kubectlApply(cluster.kubeconfigPath, renderInNamespace('manifests/base', ns));
  return ns;
}

/** A kubeconfig for a CI identity bound only to the shipped netpart-submitter Role: proves that Role suffices. */
async function submitterKubeconfig(cluster: TestCluster, ns: string): Promise<string> {
  await cluster.kube.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'ci' } } });
  const { RbacAuthorizationV1Api } = await import('@kubernetes/client-node');
  await cluster.kube.config.makeApiClient(RbacAuthorizationV1Api).createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'ci-submitter' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'netpart-submitter' },
      subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: ns }],
    },
  });
  const kube = await serviceAccountKube(cluster, ns, 'ci');
  const file = join(work, `${ns}-ci.kubeconfig`);
  writeFileSync(file, kube.config.exportConfig());
  return file;
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runIncluster(kubeconfig: string, args: string[], onStdout?: (all: string, child: ReturnType<typeof spawn>) => void): Promise<CliRun> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'runner/cli/run-incluster.ts'), ...args, '--kubeconfig', kubeconfig, '--image', 'ghcr.io/netpart/runner:e2e'],
    {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    onStdout?.(stdout, child);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('run-incluster on the testbed', { skip: c.skip, timeout: 600_000 }, () => {
  before(async () => {
    // the node agent runs <repo>/dist/runner/main.mjs for */netpart/runner:* images
    await buildBundles([RUNNER_TARGET], { root, outdir: join(root, 'dist') });
  });

  test('a passing file scenario, submitted as a CI identity with only the submitter Role: exit 0, pretty logs, ConfigMap owned by the Job', async () => {
    const cluster = c.get();
    const ns = await appNamespace(cluster, 'ri-pass');
    const file = scenarioFile('e2e-pass', `await ctx.step('hello', async () => { ctx.log.info({ who: 'e2e' }, 'greeting'); ctx.expect.ok('truth', true); });`);
    const run = await runIncluster(await submitterKubeconfig(cluster, ns), [file, '-n', ns, '--timeout', '60', '--keep']);
    assert.equal(run.code, 0, `${run.stderr}\n${run.stdout}`);
    assert.match(run.stdout, /\bINFO: greeting .*"who":"e2e"/);
    assert.match(run.stdout, /INFO: step\.end .*"step":"hello","status":"passed"/);
    assert.match(run.stdout, /INFO: scenario\.result .*"scenario":"e2e-pass","status":"passed"/);
    assert.match(run.stderr, /scenario e2e-pass PASSED/);
    const job = (await cluster.kube.batch.listNamespacedJob({ namespace: ns })).items[0]!;
    const configMap = await cluster.kube.core.readNamespacedConfigMap({ name: `${job.metadata!.name}-scenario`, namespace: ns });
    assert.equal(configMap.metadata?.ownerReferences?.[0]?.uid, job.metadata?.uid);
  });

  test('a failing file scenario: exit 1, raw NDJSON with -o json, a JUnit failure, an HTML report', async () => {
    const cluster = c.get();
    const ns = await appNamespace(cluster, 'ri-fail');
    const file = scenarioFile('e2e-fail', `await ctx.step('availability', async () => { ctx.expect.atLeast('availability', 0.5, 0.9); });`);
    const junit = join(work, 'fail.xml');
    const report = join(work, 'fail.html');
    const run = await runIncluster(cluster.kubeconfigPath, [file, '-n', ns, '--timeout', '60', '-o', 'json', '--junit', junit, '--report', report]);
    assert.equal(run.code, 1, `${run.stderr}\n${run.stdout}`);
    const records = run.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const result = records.find((r) => r.msg === 'scenario.result');
    assert.equal(result?.status, 'failed');
    const xml = readFileSync(junit, 'utf8');
    assert.match(xml, /<testsuite name="e2e-fail"[^>]*failures="1"/);
    assert.match(xml, /<testcase classname="e2e-fail" name="availability"[^>]*>\s*<failure message="[^"]*availability/);
    assert.match(run.stderr, new RegExp(`report written to ${report.replace(/[.]/g, '\\.')} \\(\\d+ bytes, 0 requests, 0 failed\\)`));
    const html = readFileSync(report, 'utf8');
    assert.match(html, /<span id="scenario-name">e2e-fail<\/span> <span class="badge failed">failed<\/span>/);
    assert.match(
      html,
      /<tr class="fail"><td>availability<\/td><td class="status">FAILED<\/td><td><span class="detail"><b>actual<\/b> 0.5<\/span> <span class="detail"><b>min<\/b> 0.9<\/span>/,
    );
    assert.match(html, /<g class="step step-failed" data-step="1">/, 'the step is placed on the timeline');
    assert.match(html, /<path class="check-mark fail"/, 'the check line of the streamed log is marked');
  });

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    test(`${signal} (as the CI identity) deletes the Job, waits for recovery, leaves no policy and no target label, exits ${code}`, async () => {
      const cluster = c.get();
      const ns = await appNamespace(cluster, 'ri-int');
      await createRunningPods(cluster.kube, ns, [idlePod('victim-0', { app: 'victim' }), idlePod('nats-0', { 'app.kubernetes.io/name': 'nats' })]);
      const file = scenarioFile(
        'e2e-hold',
        `await ctx.step('partition', async () => { await ctx.faults.inject({ target: { prefix: 'victim' }, duration: 300 }); await ctx.sleep(300_000); });`,
      );
      let sent = false;
      const report = join(work, `${signal}.html`);
      const run = await runIncluster(await submitterKubeconfig(cluster, ns), [file, '-n', ns, '--timeout', '200', '--report', report], (all, child) => {
        if (!sent && /fault\.injected/.test(all)) {
          sent = true;
          child.kill(signal);
        }
      });
      assert.ok(sent, `the fault was injected before ${signal}:\n${run.stderr}\n${run.stdout}`);
      assert.equal(run.code, code, `${run.stderr}\n${run.stdout}`);
      assert.match(run.stderr, /no partition of this Job remains/);
      // The stopped run's own result (recorded as SIGTERM: the Job's deletion stops the pod) is still reported.
      const html = readFileSync(report, 'utf8');
      assert.match(html, /<span class="badge error">error<\/span>/);
      assert.match(html, /ended by SIGTERM/);
      assert.match(html, /<rect class="fault-window" data-fault-id="[a-z0-9]+"/, 'the fault it held, recovered by the runner');
      const policies = await cluster.kube.net.listNamespacedNetworkPolicy({ namespace: ns, labelSelector: 'app.kubernetes.io/managed-by=netpart' });
      assert.deepEqual(
        policies.items.map((p) => p.metadata?.name),
        [],
      );
      const victim = await cluster.kube.core.readNamespacedPod({ name: 'victim-0', namespace: ns });
      assert.deepEqual(
        Object.keys(victim.metadata?.labels ?? {}).filter((k) => k.startsWith('fault.netpart.dev/')),
        [],
      );
      await waitFor('the Job to be gone', async () => (await cluster.kube.batch.listNamespacedJob({ namespace: ns })).items.length === 0, 90_000);
    });
  }

  test('--schedule creates a CronJob (Forbid) with the file scenario owned by it, and replaces it on a second run', async () => {
    const cluster = c.get();
    const ns = await appNamespace(cluster, 'ri-cron');
    const file = scenarioFile('e2e-cron', `await ctx.step('noop', async () => {});`);
    for (const schedule of ['*/30 * * * *', '0 4 * * *']) {
      const run = await runIncluster(cluster.kubeconfigPath, [file, '-n', ns, '--schedule', schedule]);
      assert.equal(run.code, 0, run.stderr);
      const cron = await cluster.kube.batch.readNamespacedCronJob({ name: 'netpart-e2e-cron', namespace: ns });
      assert.equal(cron.spec?.schedule, schedule);
      assert.equal(cron.spec?.concurrencyPolicy, 'Forbid');
      const configMap = await cluster.kube.core.readNamespacedConfigMap({ name: 'netpart-e2e-cron-scenario', namespace: ns });
      assert.equal(configMap.metadata?.ownerReferences?.[0]?.uid, cron.metadata?.uid);
    }
    const bad = await runIncluster(cluster.kubeconfigPath, [file, '-n', ns, '--schedule', '99 * * * *']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--schedule: not a cron schedule: minute "99" is out of range 0-59/);
    // croner takes L; Kubernetes' cron parser does not: the apiserver's dry run refuses it before the ConfigMap exists
    const lastDay = scenarioFile('e2e-cron-l', `await ctx.step('noop', async () => {});`);
    const refused = await runIncluster(cluster.kubeconfigPath, [lastDay, '-n', ns, '--schedule', '0 0 L * *']);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /--schedule: Kubernetes refuses "0 0 L \* \*": .*L.*; use five fields/);
    const configMaps = await cluster.kube.core.listNamespacedConfigMap({ namespace: ns });
    assert.deepEqual(
      configMaps.items.map((m) => m.metadata?.name).filter((n) => n?.includes('e2e-cron-l')),
      [],
    );
  });

  test('a pod that cannot be created is surfaced with the reason and the fix, exit 2 (missing ServiceAccount)', async () => {
    const cluster = c.get();
    const ns = await appNamespace(cluster, 'ri-stuck');
    const run = await runIncluster(cluster.kubeconfigPath, ['worker-nats', '-n', ns, '--service-account', 'nobody']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /FailedCreate: .*serviceaccount "nobody" not found/);
    assert.match(run.stderr, /fix: the ServiceAccount is missing/);
  });
});
