// Bundle sizes, raw and gzip, of what the runner image and the CLIs ship.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { figure, type Figure } from './figure.ts';

/** The bundles reported. */
export const BUNDLES = ['runner/main.mjs', 'cli/fault-inject.mjs', 'cli/run-incluster.mjs'];

/** Builds dist/ with `npm run build` when the runner bundle is missing. */
export function ensureBuilt(root: string, log: (line: string) => void): void {
  if (existsSync(join(root, 'dist', 'runner', 'main.mjs'))) return;
  log('dist/runner/main.mjs missing: running npm run build');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`npm run build failed with exit code ${result.status}`);
}

/** Raw and gzip size of each bundle (sizes are exact, so one "run"). */
export function bundleSizes(root: string): Figure[] {
  return BUNDLES.flatMap((out) => {
    const bytes = readFileSync(join(root, 'dist', out));
    return [
      figure({ id: `bundle_${out.replace(/[^a-z0-9]+/gi, '_')}_raw`, label: `bundle ${out} (raw)`, value: bytes.length, unit: 'bytes', runs: 1 }),
      figure({ id: `bundle_${out.replace(/[^a-z0-9]+/gi, '_')}_gzip`, label: `bundle ${out} (gzip)`, value: gzipSync(bytes).length, unit: 'bytes', runs: 1 }),
    ];
  });
}
