import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildBundles, bundleTargets, formatSizeTable, RUNNER_TARGET } from '../../scripts/build.ts';
import { bundleScenarioFile } from '../../runner/cli/incluster/bundle-scenario.ts';
import { ESM_REQUIRE_BANNER, NODE_BUNDLE_OPTIONS } from '../../runner/cli/common/esbuild-options.ts';
import { RUNTIME_SPECIFIER, RUNTIME_VERSION, runtimeHeader } from '../../runner/util/scenario-runtime.ts';
import { SCENARIO_BUNDLE_MAX_BYTES } from '../../bench/bundle-size.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

// /tmp has no node_modules above it: a bundle that still needs one fails to start here
const app = mkdtempSync(join(tmpdir(), 'netpart-app-'));
const kubeconfig = join(app, 'kubeconfig');
// an API server that refuses at once: the runner's start-up sweep fails fast and the run goes on
writeFileSync(
  kubeconfig,
  'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:9"}}]\nusers: [{name: u, user: {token: x}}]\ncontexts: [{name: c, context: {cluster: c, user: u, namespace: app}}]\ncurrent-context: c\n',
);

/**
 * A runner entry loads only Node builtins before its first request (`loadsUpFront` matches its static imports or its
 * requires), then the rest of the runner and the YAML parser as split entries, through import().
 */
function assertBuiltinsThenSplitEntries(code: string, loadsUpFront: RegExp): void {
  const upFront = [...code.matchAll(loadsUpFront)].map((m) => m[1]);
  assert.ok(upFront.length > 0, 'found what it loads up front');
  assert.deepEqual(
    upFront.filter((specifier) => !/^(node:)?[a-z_]+$/.test(specifier ?? '')),
    [],
    'no chunk or package loaded up front',
  );
  const dynamics = new Set([...code.matchAll(/import\("([^"]+)"\)/g)].map((m) => m[1]));
  assert.deepEqual([...dynamics].filter((d) => !d?.startsWith('node:')).sort(), ['./after-start.mjs', './yaml-parse.mjs']);
}

/** Runs the runner entry the image runs (main.cjs), or its ES-module twin. */
function runMain(scenario: string, entry: 'main.cjs' | 'main.mjs' = 'main.cjs') {
  const run = spawnSync(process.execPath, [join(app, 'runner', entry)], {
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

/** Every import a bundle makes (static and dynamic), as esbuild reads it. */
async function importsOf(file: string): Promise<string[]> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'silent',
  });
  return Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
}

const RUNTIME_SOURCE = JSON.stringify(join(root, 'runner/scenario/index.ts'));

// Passes; its env schema is built with the runtime's z and parsed by the runner.
const SMOKE_SCENARIO =
  `import { defineScenario, RUNTIME_VERSION, z } from ${RUNTIME_SOURCE};\n` +
  `export default defineScenario({ name: 'bundle-smoke', description: 'does nothing', timeout: 30, env: z.object({ GREETING: z.string().default('hi') }),\n` +
  `  async run(ctx) { await ctx.step('noop', async () => {}); ctx.metrics.record('runtimeVersion', RUNTIME_VERSION); ctx.metrics.record('greeting', ctx.config.GREETING); } });\n`;

// Fails on purpose: the ScenarioAssertionError that ctx.expect throws is made by the runner's code, so it is an
// instance of the class the bundle imported only if the bundle got the runner's own runtime module.
const IDENTITY_SCENARIO =
  `import { defineScenario, ScenarioAssertionError } from ${RUNTIME_SOURCE};\n` +
  `export default defineScenario({ name: 'bundle-identity', description: 'fails on purpose', timeout: 30, async run(ctx) {\n` +
  `  try { ctx.expect.equal('one is two', 1, 2); } catch (error) { ctx.metrics.record('sameErrorClass', error instanceof ScenarioAssertionError); throw error; }\n` +
  `} });\n`;

describe('runner bundle', () => {
  before(async () => {
    await buildBundles([RUNNER_TARGET], { root, outdir: app });
    mkdirSync(join(app, 'scenarios'), { recursive: true });
    for (const [name, code] of [
      ['bundle-smoke', SMOKE_SCENARIO],
      ['bundle-identity', IDENTITY_SCENARIO],
    ] as const) {
      writeFileSync(join(app, `${name}.ts`), code);
      writeFileSync(join(app, 'scenarios', `${name}.mjs`), await bundleScenarioFile(join(app, `${name}.ts`)));
    }
    // what an older run-incluster shipped (and CronJobs may still hold): everything inlined, no header
    const legacy = await build({ ...NODE_BUNDLE_OPTIONS, entryPoints: [join(app, 'bundle-smoke.ts')], write: false, outfile: 'legacy.mjs' });
    writeFileSync(join(app, 'legacy.mjs'), legacy.outputFiles[0]!.text);
    // a bundle built against a runtime this runner cannot stand in for
    const code = readFileSync(join(app, 'scenarios', 'bundle-smoke.mjs'), 'utf8');
    writeFileSync(join(app, 'future.mjs'), code.replace(runtimeHeader(), runtimeHeader('99.0.0')));
  });

  test('starts with the contract banner and is ESM', () => {
    const code = readFileSync(join(app, 'runner', 'main.mjs'), 'utf8');
    assert.ok(code.startsWith(ESM_REQUIRE_BANNER), 'banner first');
  });

  test('runner/main.mjs is one file: it imports node builtins only, and loads the rest of the runner as split entries', async () => {
    const code = readFileSync(join(app, 'runner', 'main.mjs'), 'utf8');
    assertBuiltinsThenSplitEntries(code, /(?:^|;)\s*import\s*(?:[^"';()]*?from\s*)?["']([^"']+)["']/g);
  });

  test("runner/main.cjs, the image's entry, is the same entry as CommonJS: it requires node builtins only", () => {
    const code = readFileSync(join(app, 'runner', 'main.cjs'), 'utf8');
    assert.ok(!/^\s*import\s/m.test(code) && !code.includes('import.meta'), 'no ES-module syntax');
    assertBuiltinsThenSplitEntries(code, /require\("([^"]+)"\)/g);
  });

  test('runner/main.mjs runs as well (whoever starts that path): a missing scenario ends with exit 2 naming it', () => {
    const run = runMain('does-not-exist', 'main.mjs');
    assert.equal(run.status, 2, run.stderr);
    assert.equal(run.last?.status, 'error');
    assert.match(String(run.last?.reason), /does-not-exist/);
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
    assert.deepEqual(run.last?.metrics, { runtimeVersion: RUNTIME_VERSION, greeting: 'hi' });
  });

  test('the scenario bundle is the scenario only: small, and its one import is the runtime specifier', async () => {
    const file = join(app, 'scenarios', 'bundle-smoke.mjs');
    const code = readFileSync(file, 'utf8');
    assert.ok(code.length <= SCENARIO_BUNDLE_MAX_BYTES, `${code.length} bytes`);
    assert.equal(code.split('\n')[0], runtimeHeader());
    assert.deepEqual(await importsOf(file), [RUNTIME_SPECIFIER]);
  });

  test("the bundle's runtime is the runner's own instance: an error the runner throws is an instance of the bundle's class", () => {
    const run = runMain('bundle-identity');
    assert.equal(run.status, 1, `${run.stderr}\n${JSON.stringify(run.last)}`);
    assert.equal(run.last?.status, 'failed');
    assert.deepEqual(run.last?.metrics, { sameErrorClass: true });
  });

  test('a bundle built against an incompatible runtime ends with exit 2 and a reason naming both versions', () => {
    const run = runMain(join(app, 'future.mjs'));
    assert.equal(run.status, 2, run.stderr);
    assert.match(
      String(run.last?.reason),
      new RegExp(`built against netpart scenario runtime 99\\.0\\.0, but this runner provides ${RUNTIME_VERSION.replace(/\./g, '\\.')}`),
    );
  });

  test('a self-contained bundle without the header (an older run-incluster) still runs', () => {
    const run = runMain(join(app, 'legacy.mjs'));
    assert.equal(run.status, 0, `${run.stderr}\n${JSON.stringify(run.last)}`);
    assert.equal(run.last?.status, 'passed');
  });
});

describe('built-in scenario bundles', () => {
  const out = mkdtempSync(join(tmpdir(), 'netpart-scenarios-'));
  const targets = bundleTargets(root).filter((t) => t.scenario);
  before(async () => {
    await buildBundles(targets, { root, outdir: out });
  });

  test('every built-in is small, starts with the runtime header and imports nothing but the runtime', async () => {
    assert.ok(targets.length >= 4, 'the four built-ins at least');
    for (const t of targets) {
      const file = join(out, t.out);
      const code = readFileSync(file, 'utf8');
      assert.ok(code.length <= SCENARIO_BUNDLE_MAX_BYTES, `${t.out}: ${code.length} bytes`);
      assert.equal(code.split('\n')[0], runtimeHeader(), t.out);
      assert.deepEqual(await importsOf(file), [RUNTIME_SPECIFIER], t.out);
    }
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

  test('the runner and its scenario runtime are one split build: the runtime shares its chunks', async () => {
    assert.equal(RUNNER_TARGET.split, true);
    assert.deepEqual(RUNNER_TARGET.also?.[0], { entry: 'runner/scenario/index.ts', out: 'runner/scenario-runtime.mjs' });
    await assert.rejects(
      buildBundles([{ ...RUNNER_TARGET, split: false }], { root, outdir: mkdtempSync(join(tmpdir(), 'netpart-nosplit-')) }),
      /need split: true/,
    );
  });

  test('a standalone entry may load only entries of its split build: any other dynamic import fails the build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpart-standalone-'));
    writeFileSync(join(dir, 'rest.ts'), 'export const rest = 1;\n');
    writeFileSync(join(dir, 'other.ts'), 'export const other = 2;\n');
    writeFileSync(
      join(dir, 'main.ts'),
      "const { rest } = await import('./rest.ts');\nconst { other } = await import('./other.ts');\nconsole.log(rest, other);\n",
    );
    const target = { entry: 'main.ts', out: 'app/main.mjs', split: true, standalone: true, also: [{ entry: 'rest.ts', out: 'app/rest.mjs' }] };
    await assert.rejects(buildBundles([target], { root: dir, outdir: join(dir, 'out') }), /\.\/other\.ts is imported dynamically by a standalone entry/);
    writeFileSync(join(dir, 'main.ts'), "const { rest } = await import('./rest.ts');\nconsole.log(rest);\n");
    await buildBundles([target], { root: dir, outdir: join(dir, 'out') });
    assert.match(readFileSync(join(dir, 'out', 'app', 'main.mjs'), 'utf8'), /import\("\.\/rest\.mjs"\)/);
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
