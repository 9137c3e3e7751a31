// The import boundaries eslint.config.js draws around the testbed: runner/ and scenarios/ (the product) import nothing
// from testbed/ or test/; test/, scripts/ and bench/ use the testbed only through testbed/index.ts (its own unit tests
// in test/testbed/ aside); the testbed imports no test code. Each rule is run on a violation and on an allowed import.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { REPO_ROOT } from '../../testbed/index.ts';

/** The config blocks of eslint.config.js that set no-restricted-imports, on a parser without type information. */
async function boundaryConfig(): Promise<Linter.Config[]> {
  const { default: config } = (await import(pathToFileURL(join(REPO_ROOT, 'eslint.config.js')).href)) as { default: Linter.Config[] };
  const blocks = config.filter((block) => block.rules?.['no-restricted-imports'] !== undefined);
  assert.ok(blocks.length >= 3, 'eslint.config.js still draws the testbed boundaries');
  return [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...blocks];
}

/** The no-restricted-imports findings for `code` as if it were the repo file `file`. */
async function findings(file: string, code: string): Promise<string[]> {
  const linter = new Linter({ cwd: REPO_ROOT });
  return linter
    .verify(code, await boundaryConfig(), { filename: join(REPO_ROOT, file) })
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal)
    .map((m) => m.message);
}

describe('testbed import boundaries', () => {
  test('runner/ and scenarios/ import nothing from testbed/ or test/', async () => {
    assert.match((await findings('runner/faults/x.ts', "import { up } from '../../testbed/index.ts';\n")).join(), /runner\/ and scenarios\/ are the product/);
    assert.equal((await findings('runner/cli/x.ts', "import { up } from '../../testbed/up.ts';\n")).length, 1);
    assert.equal((await findings('scenarios/x.ts', "import { waitFor } from '../test/support/wait.ts';\n")).length, 1);
    assert.deepEqual(await findings('runner/faults/x.ts', "import { test } from 'node:test';\nimport { z } from 'zod';\nimport { a } from './spec.ts';\n"), []);
  });

  test('test/, scripts/ and bench/ reach the testbed only through testbed/index.ts', async () => {
    assert.match((await findings('test/e2e/x.test.ts', "import { inNetns } from '../../testbed/dataplane/exec.ts';\n")).join(), /testbed\/index\.ts/);
    assert.equal((await findings('scripts/x.ts', "import { up } from '../testbed/up.ts';\n")).length, 1);
    assert.equal((await findings('bench/enforcer/x.ts', "export { up } from '../../testbed/up.ts';\n")).length, 1);
    assert.deepEqual(await findings('bench/x.ts', "import { up } from '../testbed/index.ts';\n"), []);
    assert.deepEqual(await findings('test/e2e/x.test.ts', "import { up } from '../../testbed/index.ts';\n"), []);
  });

  test("the testbed's own unit tests reach inside; the testbed imports no test code", async () => {
    assert.deepEqual(await findings('test/testbed/dataplane/x.test.ts', "import { PodIpam } from '../../../testbed/dataplane/ipam.ts';\n"), []);
    assert.equal((await findings('testbed/cluster/x.ts', "import { waitFor } from '../../test/support/wait.ts';\n")).length, 1);
    assert.deepEqual(await findings('testbed/cluster/x.ts', "import { waitFor } from '../wait.ts';\n"), []);
  });
});
