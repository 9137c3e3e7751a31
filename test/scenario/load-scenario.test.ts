// defineScenario validation and the loader's name/path resolution and error messages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineScenario } from '../../runner/scenario/define.ts';
import { loadScenario, resolveScenarioPath } from '../../runner/scenario/load-scenario.ts';

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
