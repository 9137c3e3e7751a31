// The scenario runtime contract: the header a bundle carries and which runtime versions may run it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { RUNTIME_VERSION, builtForRuntime, runtimeHeader, runtimeSatisfies } from '../../runner/util/scenario-runtime.ts';

describe('scenario runtime version', () => {
  test("is netpart's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(RUNTIME_VERSION, pkg.version);
  });

  test('the header names the version; a bundle without it names none', () => {
    assert.equal(builtForRuntime(`${runtimeHeader('1.2.3')}\nimport{a}from"netpart/scenario";`), '1.2.3');
    assert.equal(builtForRuntime(runtimeHeader()), RUNTIME_VERSION);
    assert.equal(builtForRuntime('import { createRequire } from "module";\n// netpart-scenario-runtime 1.0.0'), undefined);
  });

  test('a runtime stands in for bundles of the same major (0.x: minor) that are not newer than it', () => {
    const cases: [built: string, runtime: string, ok: boolean][] = [
      ['1.2.3', '1.2.3', true],
      ['1.2.3', '1.2.4', true],
      ['1.2.3', '1.9.0', true],
      ['1.2.3', '1.2.2', false],
      ['1.2.3', '1.1.9', false],
      ['1.2.3', '2.0.0', false],
      ['2.0.0', '1.9.9', false],
      ['0.1.0', '0.1.7', true],
      ['0.1.5', '0.1.4', false],
      ['0.1.0', '0.2.0', false],
      ['0.2.0', '0.1.0', false],
      ['1.0.0-rc.1', '1.0.0', true],
      ['nightly', 'nightly', true],
      ['nightly', '1.0.0', false],
    ];
    for (const [built, runtime, ok] of cases) assert.equal(runtimeSatisfies(built, runtime), ok, `${built} on ${runtime}`);
  });
});
