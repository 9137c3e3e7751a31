// [slow] End to end on the testbed: a `* * * * *` scheduled check fires at least twice, a one-off run (its result only in its
// log) goes beside it, and `run-incluster results` lists them (table and JSON) with each run's verdict, exit code and
// metrics, as the CI identity bound to the shipped netpart-submitter Role; an identity without it gets exit 1 with a
// fix that works.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { buildBundles, RUNNER_TARGET } from '../../scripts/build.ts';
import { clusterSuite, serviceAccountKube, waitFor, type TestCluster } from '../support/cluster.ts';
import { kubectlApply, renderInNamespace } from '../manifests/kustomize.ts';
import type { RunRecord } from '../../runner/cli/incluster/results/record.ts';

const c = clusterSuite();
const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'netpart-results-'));
const SCENARIO = 'e2e-sched';
const CRONJOB = `netpart-${SCENARIO}`;

// passes in even minutes, fails in odd ones: two consecutive firings give one of each, and every run's verdict can be
// checked against the minute it recorded
const scenarioFile = (): string => {
  const file = join(work, `${SCENARIO}.ts`);
  writeFileSync(
    file,
    `import { defineScenario } from ${JSON.stringify(join(root, 'runner/scenario/index.ts'))};\n` +
      `export default defineScenario({ name: '${SCENARIO}', description: 'e2e schedule', timeout: 60, async run(ctx) {\n` +
      `  await ctx.step('minute', async () => { const m = new Date().getUTCMinutes(); ctx.metrics.record('startMinute', m); ctx.expect.ok('even minute', m % 2 === 0, 'minute ' + m); });\n` +
      `} });\n`,
  );
  return file;
};

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runIncluster(kubeconfig: string, args: string[]): Promise<CliRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'runner/cli/run-incluster.ts'), ...args, '--kubeconfig', kubeconfig], {
    cwd: root,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A kubeconfig file for a new ServiceAccount, bound to `role` when given. */
async function identity(cluster: TestCluster, ns: string, name: string, role?: string): Promise<string> {
  await cluster.kube.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name } } });
  if (role) {
    await cluster.kube.config.makeApiClient(RbacAuthorizationV1Api).createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: `${name}-${role}` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
        subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
      },
    });
  }
  const file = join(work, `${ns}-${name}.kubeconfig`);
  writeFileSync(file, (await serviceAccountKube(cluster, ns, name)).config.exportConfig());
  return file;
}

const finished = (job: { status?: { conditions?: { type: string; status: string }[] } }) =>
  !!job.status?.conditions?.some((k) => (k.type === 'Complete' || k.type === 'Failed') && k.status === 'True');

describe('run-incluster results on the testbed [slow]', { skip: c.skip, timeout: 600_000 }, () => {
  before(async () => {
    // the node agent runs <repo>/dist/runner/main.mjs for */netpart/runner:* images
    await buildBundles([RUNNER_TARGET], { root, outdir: join(root, 'dist') });
  });

  test('a * * * * * schedule fires twice beside a one-off run; results lists every run with verdict, exit code and metrics', { timeout: 400_000 }, async () => {
    const cluster = c.get();
    const ns = await cluster.newNamespace('ri-results', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    kubectlApply(cluster.kubeconfigPath, renderInNamespace('manifests/base', ns));
    const ci = await identity(cluster, ns, 'ci', 'netpart-submitter');
    const file = scenarioFile();
    const image = ['--image', 'ghcr.io/netpart/runner:e2e'];
    try {
      const schedule = await runIncluster(ci, [file, '-n', ns, '--schedule', '* * * * *', '--history', '4', ...image]);
      assert.equal(schedule.code, 0, schedule.stderr);
      assert.match(schedule.stderr, /keeps the last 4 passed and 4 failed runs/);
      const cron = await cluster.kube.batch.readNamespacedCronJob({ name: CRONJOB, namespace: ns });
      assert.deepEqual([cron.spec?.successfulJobsHistoryLimit, cron.spec?.failedJobsHistoryLimit, cron.spec?.concurrencyPolicy], [4, 4, 'Forbid']);

      // this runner writes its summary elsewhere, leaving the termination message empty: results must read the log
      const oneOff = await runIncluster(ci, [file, '-n', ns, '--timeout', '60', '--env', 'NETPART_TERMINATION_LOG=/tmp/summary.json', ...image]);
      assert.ok(oneOff.code === 0 || oneOff.code === 1, `${oneOff.stderr}\n${oneOff.stdout}`);

      const cronRuns = async () =>
        (await cluster.kube.batch.listNamespacedJob({ namespace: ns })).items.filter((j) => j.metadata?.ownerReferences?.some((o) => o.kind === 'CronJob'));
      await waitFor('two finished runs of the CronJob', async () => (await cronRuns()).filter(finished).length >= 2, 200_000);
      // What results reads (Jobs by label, pods, logs) can trail the Job list by a moment: ask until it shows both.
      const finishedInTable = (out: string) => out.split('\n').filter((l) => l.includes(`cronjob/${CRONJOB}`) && /\b(passed|failed) +[01] /.test(l)).length;
      await waitFor(
        'results to list two finished CronJob runs',
        async () => finishedInTable((await runIncluster(ci, ['results', '-n', ns])).stdout) >= 2,
        120_000,
      );

      const table = await runIncluster(ci, ['results', '-n', ns]);
      process.stderr.write(`\n$ run-incluster results -n ${ns}\n${table.stdout}${table.stderr}(exit ${table.code})\n`);
      assert.equal(table.code, 0, table.stderr);
      const lines = table.stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^STARTED +SCENARIO +TRIGGER +RESULT +EXIT +DURATION +JOB +METRICS/);
      assert.ok(lines.filter((l) => l.includes(`cronjob/${CRONJOB}`) && /\b(passed|failed) +[01] /.test(l)).length >= 2, table.stdout);
      assert.equal(lines.filter((l) => / one-off +(passed|failed) +[01] /.test(l)).length, 1, table.stdout);
      assert.ok(
        lines
          .slice(1)
          .filter((l) => !/ running /.test(l))
          .every((l) => /startMinute=\d+/.test(l)),
        table.stdout,
      );

      const json = await runIncluster(ci, ['results', '-n', ns, '-o', 'json']);
      process.stderr.write(`\n$ run-incluster results -n ${ns} -o json\n${json.stdout}${json.stderr}(exit ${json.code})\n`);
      assert.equal(json.code, 0, json.stderr);
      const listed = JSON.parse(json.stdout) as { namespace: string; scenario: string | null; runs: RunRecord[] };
      assert.equal(listed.namespace, ns);
      const done = listed.runs.filter((r) => r.status !== 'running');
      assert.ok(done.filter((r) => r.cronJob === CRONJOB).length >= 2, json.stdout);
      for (const run of done) {
        const minute = run.metrics.startMinute;
        assert.equal(typeof minute, 'number', JSON.stringify(run));
        const expected = (minute as number) % 2 === 0 ? 'passed' : 'failed';
        const source = run.cronJob ? 'termination-message' : 'log';
        assert.deepEqual(
          [run.status, run.exitCode, run.source, run.scenario],
          [expected, expected === 'passed' ? 0 : 1, source, SCENARIO],
          JSON.stringify(run),
        );
        assert.ok(run.durationMs! > 0 && Date.parse(run.finishedAt!) >= Date.parse(run.startedAt!), JSON.stringify(run));
        if (run.cronJob) assert.ok(run.scheduledAt && new Date(run.scheduledAt).getUTCSeconds() === 0, JSON.stringify(run));
      }
      const oneOffRun = done.find((r) => r.cronJob === null);
      assert.equal(oneOffRun?.exitCode, oneOff.code, 'the one-off run is listed with the exit code run-incluster returned');
      const starts = listed.runs.map((r) => Date.parse(r.startedAt!));
      assert.deepEqual(
        starts,
        [...starts].sort((a, b) => b - a),
        'newest first',
      );

      const limited = await runIncluster(ci, ['results', '-n', ns, SCENARIO, '--limit', '1', '-o', 'json']);
      assert.equal((JSON.parse(limited.stdout) as { runs: RunRecord[] }).runs.length, 1, limited.stderr);
      const other = await runIncluster(ci, ['results', '-n', ns, 'worker-nats']);
      assert.deepEqual(
        [other.code, other.stdout.trim()],
        [0, `no netpart runs of worker-nats in namespace ${ns} (finished one-off runs are kept 1 h unless --keep; scheduled runs: the CronJob's history)`],
      );
    } finally {
      await cluster.kube.batch.deleteNamespacedCronJob({ name: CRONJOB, namespace: ns, propagationPolicy: 'Background' }).catch(() => undefined);
    }
  });

  test('refusals: no rights is exit 1 with a rolebinding command that fixes it; a missing namespace is exit 1; bad flags exit 2', async () => {
    const cluster = c.get();
    const ns = await cluster.newNamespace('ri-results-rbac');
    kubectlApply(cluster.kubeconfigPath, renderInNamespace('manifests/base', ns));
    const nobody = await identity(cluster, ns, 'nobody');
    const refused = await runIncluster(nobody, ['results', '-n', ns]);
    process.stderr.write(`\n$ run-incluster results -n ${ns}   # as ${ns}:nobody\n${refused.stdout}${refused.stderr}(exit ${refused.code})\n`);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`cannot list jobs in namespace "${ns}": .*cannot list resource "jobs" in API group "batch".*\\(HTTP 403\\)`));
    const fix = new RegExp(`Bind it: (kubectl -n ${ns} create rolebinding \\S+ --role=netpart-submitter --serviceaccount=${ns}:nobody)`).exec(
      refused.stderr,
    )?.[1];
    assert.ok(fix, refused.stderr);
    execFileSync(fix.split(' ')[0]!, [...fix.split(' ').slice(1), '--kubeconfig', cluster.kubeconfigPath]);
    const fixed = await runIncluster(nobody, ['results', '-n', ns]);
    assert.deepEqual([fixed.code, fixed.stderr], [0, ''], 'the printed command grants what results needs');

    const missing = await runIncluster(cluster.kubeconfigPath, ['results', '-n', 'netpart-no-such-namespace']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /namespace "netpart-no-such-namespace" does not exist/);
    const bad = await runIncluster(cluster.kubeconfigPath, ['results', '-n', ns, '--limit', '0', '--output', 'yaml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--limit: must be at least 1/);
    assert.match(bad.stderr, /-o\/--output: must be "table" or "json"/);
    const unknown = await runIncluster(cluster.kubeconfigPath, ['results', '-n', ns, '--since', '1h']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option '--since'/);
  });
});
