// package.json as consumers see it: every export, type and bin points at a file the build scripts produce.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundleTargets } from '../../scripts/build.ts';
import { TYPE_ENTRIES } from '../../scripts/build-types.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
  bin: Record<string, string>;
  files: string[];
  scripts: Record<string, string>;
};
const built = new Set(bundleTargets(root).map((t) => `./dist/${t.out}`));

describe('package.json exports', () => {
  test('netpart/scenario and netpart/client map to library bundles and their declarations', () => {
    for (const name of ['./scenario', './client']) {
      const entry = pkg.exports[name];
      assert.ok(entry && typeof entry === 'object', `${name} is exported with conditions`);
      assert.ok(built.has(entry.default), `${name} → ${entry.default} is built by scripts/build.ts`);
      assert.ok(bundleTargets(root).find((t) => `./dist/${t.out}` === entry.default)?.library, `${name} is a library bundle (dependencies external)`);
      assert.ok(TYPE_ENTRIES.includes(entry.types.replace(/^\.\//, '')), `${name} types ${entry.types} are emitted by scripts/build-types.ts`);
      assert.equal(Object.keys(entry)[0], 'types', 'types first: TypeScript takes the first matching condition');
    }
  });

  test('the bins are built bundles, and the published files include dist/', () => {
    for (const [name, path] of Object.entries(pkg.bin)) assert.ok(built.has(path), `${name} → ${path}`);
    assert.ok(pkg.files.includes('dist/'));
    assert.match(pkg.scripts.prepack ?? '', /npm run build && npm run build:types/, 'npm pack builds bundles and types first');
  });
});
