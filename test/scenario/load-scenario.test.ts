// defineScenario validation and the loader's name/path resolution and error messages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineScenario } from '../../runner/scenario/define.ts';
import { ScenarioAssertionError } from '../../runner/scenario/errors.ts';
import { loadScenario, resolveScenarioPath } from '../../runner/scenario/load-scenario.ts';
import { runtimeUrl } from '../../runner/scenario/runtime-resolver.ts';
import { RUNTIME_VERSION, runtimeHeader } from '../../runner/util/scenario-runtime.ts';

describe('defineScenario', () => {
  test('rejects bad definitions naming each field', () => {
    assert.throws(
      () => defineScenario({ name: 'Bad Name', description: '', timeout: 0, run: async () => {} }),
      (e: Error & { issues: string[] }) =>
        e.issues.length === 3 && e.issues[0]!.startsWith('name:') && e.issues[1]!.startsWith('description:') && e.issues[2]!.startsWith('timeout:'),
    );
  });
});

describe('resolveScenarioPath', () => {
  test('a bare name resolves next to the bundle, or to the repo scenarios/ when running from source', () => {
    assert.equal(resolveScenarioPath('worker-nats', '/app/runner/main.mjs'), '/app/scenarios/worker-nats.mjs');
    assert.equal(resolveScenarioPath('worker-nats', '/repo/runner/scenario/main.ts'), '/repo/scenarios/worker-nats.ts');
    assert.equal(resolveScenarioPath('/etc/netpart/scenario/scenario.mjs', '/app/runner/main.mjs'), '/etc/netpart/scenario/scenario.mjs');
    assert.throws(() => resolveScenarioPath('../etc/passwd', '/app/runner/main.mjs'), /give a scenario name such as "worker-nats"/);
  });
});

describe('loadScenario', () => {
  test('loads a fixture, lists available names when missing, and refuses a module without defineScenario', async () => {
    const { scenario } = await loadScenario('test/scenario/fixtures/pass.ts');
    assert.equal(scenario.name, 'fixture-pass');
    await assert.rejects(loadScenario('no-such-scenario'), /not found at .*scenarios\/no-such-scenario\.ts/);
    const dir = mkdtempSync(join(tmpdir(), 'netpart-load-'));
    writeFileSync(join(dir, 'plain.mjs'), 'export default { name: "x" };\n');
    await assert.rejects(loadScenario(join(dir, 'plain.mjs')), /must `export default defineScenario/);
    writeFileSync(join(dir, 'broken.mjs'), 'throw new Error("syntax of the author");\n');
    await assert.rejects(loadScenario(join(dir, 'broken.mjs')), /failed to load: syntax of the author/);
  });
});

describe('the scenario runtime', () => {
  test('runtimeUrl: the runtime entry beside the bundle, or runner/scenario/index.ts from source', () => {
    assert.equal(runtimeUrl('file:///app/runner/main-chunk-ABC.mjs'), 'file:///app/runner/scenario-runtime.mjs');
    assert.equal(runtimeUrl('file:///repo/runner/scenario/load-scenario.ts'), 'file:///repo/runner/scenario/index.ts');
  });

  test("a module importing 'netpart/scenario' gets this process's runtime instance, wherever it lies", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpart-runtime-'));
    const file = join(dir, 'plugin.mjs');
    writeFileSync(
      file,
      `${runtimeHeader()}\nimport { defineScenario, ScenarioAssertionError } from 'netpart/scenario';\n` +
        `export const assertionClass = ScenarioAssertionError;\n` +
        `export default defineScenario({ name: 'plugin', description: 'x', timeout: 5, async run() {} });\n`,
    );
    const { scenario } = await loadScenario(file);
    assert.equal(scenario.name, 'plugin');
    const loaded = (await import(file)) as { assertionClass: unknown };
    assert.equal(loaded.assertionClass, ScenarioAssertionError);
  });

  test('a bundle built against an incompatible runtime is refused before it is imported, naming both versions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpart-runtime-'));
    const file = join(dir, 'future.mjs');
    // importing it would throw "never imported": the refusal must come first
    writeFileSync(file, `${runtimeHeader('99.1.0')}\nthrow new Error('never imported');\n`);
    await assert.rejects(loadScenario(file), (e: Error) => {
      assert.equal(e.name, 'ScenarioLoadError');
      assert.match(
        e.message,
        new RegExp(`built against netpart scenario runtime 99\\.1\\.0, but this runner provides ${RUNTIME_VERSION.replace(/\./g, '\\.')}`),
      );
      return true;
    });
  });
});
