// The GitHub Actions workflow users copy (examples/github-actions/) is checked by actionlint, built once from the
// Go module proxy into the testbed cache; the docs show that same file, not a drifting copy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { buildIfMissing, CACHE_DIR, type CachedBuild, REPO_ROOT } from '../../testbed/index.ts';

const VERSION = 'v1.7.12';
const ACTIONLINT: CachedBuild = {
  what: `actionlint ${VERSION}`,
  binaries: [join(CACHE_DIR, 'bin', `actionlint-${VERSION}`, 'actionlint')],
  script: join(REPO_ROOT, 'test', 'lint', 'build-actionlint.sh'),
  coldMinutes: 2,
};
const EXAMPLES = join(REPO_ROOT, 'examples', 'github-actions');
const workflows = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
  .map((f) => join(EXAMPLES, f));

/** actionlint's findings for the files (empty when clean); shellcheck/pyflakes off so every machine checks alike. */
function actionlint(files: string[]): { status: number | null; output: string } {
  const run = spawnSync(ACTIONLINT.binaries[0]!, ['-no-color', '-shellcheck=', '-pyflakes=', ...files], { encoding: 'utf8', cwd: REPO_ROOT });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('GitHub Actions example', () => {
  before(async () => {
    await buildIfMissing(ACTIONLINT, (line) => process.stderr.write(`${line}\n`));
  });

  test('there is a workflow to check', () => {
    assert.ok(workflows.length > 0, `no .yml in ${EXAMPLES}`);
  });

  test('actionlint finds nothing in examples/github-actions/*.yml', () => {
    const { status, output } = actionlint(workflows);
    assert.equal(status, 0, `actionlint findings:\n${output}`);
  });

  test('actionlint does report a broken workflow (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'actionlint-'));
    try {
      const broken = join(dir, 'broken.yml');
      const original = readFileSync(workflows[0]!, 'utf8');
      writeFileSync(broken, original.replace('timeout-minutes: 20', 'timeout-minutes: twenty'));
      assert.notEqual(original, readFileSync(broken, 'utf8'), 'the example no longer has `timeout-minutes: 20` to break');
      const { status, output } = actionlint([broken]);
      assert.equal(status, 1, output);
      assert.match(output, /timeout-minutes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the docs show each example workflow exactly as the file has it', () => {
    const docs = ['README.md', ...readdirSync(join(REPO_ROOT, 'docs')).map((f) => join('docs', f))].filter((f) => f.endsWith('.md'));
    const blocks = docs.flatMap((f) => [...readFileSync(join(REPO_ROOT, f), 'utf8').matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => ({ f, body: m[1]! })));
    for (const file of workflows) {
      const text = readFileSync(file, 'utf8');
      const name = /^name: (.+)$/m.exec(text)?.[1];
      assert.ok(name, `${file} has no top-level name:`);
      const shown = blocks.filter((b) => b.body.includes(`name: ${name}\n`));
      assert.ok(shown.length > 0, `no docs page shows the workflow "${name}"`);
      for (const b of shown) assert.equal(b.body, text, `${b.f} shows "${name}" differently from ${file}: copy the file into the docs`);
    }
  });
});
