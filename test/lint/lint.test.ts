// `npm run lint` inside the test suite, so a lint or format finding fails `npm test`, `npm run test:unit` and CI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { REPO_ROOT } from '../testbed/paths.ts';

// Type-checked linting of the whole repo takes ~75 s of CPU; on a loaded 2-core machine much longer in wall time.
test('eslint (typescript-eslint strict, type-checked) and prettier --check report nothing', { timeout: 15 * 60_000 }, () => {
  const run = spawnSync('npm', ['run', '-s', 'lint'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (run.error) throw run.error;
  assert.equal(run.status, 0, `npm run lint found problems (fix them, or \`npm run format\` for layout):\n${run.stdout}${run.stderr}`);
});
