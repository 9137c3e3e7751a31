import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundles, bundleTargets, formatSizeTable } from '../../scripts/build.ts';
import { bundleScenarioFile } from '../../runner/cli/incluster/bundle-scenario.ts';
import { ESM_REQUIRE_BANNER } from '../../runner/cli/common/esbuild-options.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

// /tmp has no node_modules above it: a bundle that still needs one fails to start here
const app = mkdtempSync(join(tmpdir(), 'netpart-app-'));
const kubeconfig = join(app, 'kubeconfig');
// an API server that refuses at once: the runner's start-up sweep fails fast and the run goes on
writeFileSync(
  kubeconfig,
  'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:9"}}]\nusers: [{name: u, user: {token: x}}]\ncontexts: [{name: c, context: {cluster: c, user: u, namespace: app}}]\ncurrent-context: c\n',
);

function runMain(scenario: string) {
  const run = spawnSync(process.execPath, [join(app, 'runner', 'main.mjs')], {
    cwd: app,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      KUBECONFIG: kubeconfig,
      NETPART_SCENARIO: scenario,
      NETPART_TIMEOUT_SECONDS: '30',
      APP_NAMESPACE: 'app',
      NETPART_TERMINATION_LOG: join(app, 'termination-log'),
    },
  });
  const lines = run.stdout.trim().split('\n').filter(Boolean);
  const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: run.status, records, last: records.at(-1), stderr: run.stderr };
}

describe('runner bundle', () => {
  before(async () => {
    await buildBundles([{ entry: 'runner/scenario/main.ts', out: 'runner/main.mjs' }], { root, outdir: app });
    const source = join(app, 'passing.ts');
    writeFileSync(
      source,
      `import { defineScenario } from ${JSON.stringify(join(root, 'runner/scenario/define.ts'))};\n` +
        `export default defineScenario({ name: 'bundle-smoke', description: 'does nothing', timeout: 30, async run(ctx) { await ctx.step('noop', async () => {}); } });\n`,
    );
    mkdirSync(join(app, 'scenarios'), { recursive: true });
    writeFileSync(join(app, 'scenarios', 'bundle-smoke.mjs'), await bundleScenarioFile(source));
  });

  test('starts with the contract banner and is ESM', () => {
    const code = readFileSync(join(app, 'runner', 'main.mjs'), 'utf8');
    assert.ok(code.startsWith(ESM_REQUIRE_BANNER), 'banner first');
  });

  test('a missing scenario ends with exit 2 and one error scenario.result naming it', () => {
    const run = runMain('does-not-exist');
    assert.equal(run.status, 2, run.stderr);
    assert.equal(run.last?.msg, 'scenario.result');
    assert.equal(run.last?.status, 'error');
    assert.match(String(run.last?.reason), /does-not-exist/);
    assert.equal(run.records.filter((r) => r.msg === 'scenario.result').length, 1);
    assert.equal(JSON.parse(readFileSync(join(app, 'termination-log'), 'utf8')).status, 'error');
  });

  test('a bundled scenario next to it runs to a passed result without node_modules', () => {
    const run = runMain('bundle-smoke');
    assert.equal(run.status, 0, `${run.stderr}\n${JSON.stringify(run.last)}`);
    assert.equal(run.last?.status, 'passed');
    assert.deepEqual(
      (run.last?.steps as { name: string }[]).map((s) => s.name),
      ['noop'],
    );
  });
});

describe('build script', () => {
  test('bundles every scenario except "_" files, plus the fixed entries', () => {
    const targets = bundleTargets(root).map((t) => t.out);
    for (const out of ['runner/main.mjs', 'cli/run-incluster.mjs', 'cli/fault-inject.mjs', 'api/main.mjs', 'demo/frontend.mjs', 'demo/worker.mjs']) {
      assert.ok(targets.includes(out), out);
    }
    assert.ok(!targets.some((t) => t.includes('_template')));
  });

  test('a broken entry fails the build with its file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpart-broken-'));
    writeFileSync(join(dir, 'broken.ts'), 'export const x = ;\n');
    await assert.rejects(buildBundles([{ entry: 'broken.ts', out: 'broken.mjs' }], { root: dir, outdir: join(dir, 'out') }), /broken\.ts:1:/);
  });

  test('the size table lists raw and gzip sizes', () => {
    const table = formatSizeTable([{ out: 'runner/main.mjs', bytes: 2048, gzipBytes: 512 }]);
    assert.match(table, /runner\/main\.mjs\s+2\.0 KiB\s+0\.5 KiB/);
  });
});
