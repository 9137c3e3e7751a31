// Bundle sizes, raw and gzip, of what the runner image and the CLIs ship.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { figure, type Figure } from './figure.ts';

/** The bundles reported. */
export const BUNDLES = ['runner/main.mjs', 'cli/fault-inject.mjs', 'cli/run-incluster.mjs'];

/** Builds dist/ with `npm run build` (always: a stale bundle would measure old code). */
export function ensureBuilt(root: string, log: (line: string) => void): void {
  log('npm run build');
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`npm run build failed with exit code ${result.status}`);
}

/** The bundle file plus the chunks npm run build split off beside it (`<name>-chunk-*.mjs`). */
function bundleFiles(path: string): string[] {
  const prefix = `${basename(path, '.mjs')}-chunk-`;
  return [
    path,
    ...readdirSync(dirname(path))
      .filter((f) => f.startsWith(prefix))
      .map((f) => join(dirname(path), f)),
  ];
}

/** Raw and gzip size of each bundle with its chunks (sizes are exact, so one "run"). */
export function bundleSizes(root: string): Figure[] {
  return BUNDLES.flatMap((out) => {
    const files = bundleFiles(join(root, 'dist', out));
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    const what = files.length > 1 ? `${out} + ${files.length - 1} chunks` : out;
    return [
      figure({ id: `bundle_${out.replace(/[^a-z0-9]+/gi, '_')}_raw`, label: `bundle ${what} (raw)`, value: bytes.length, unit: 'bytes', runs: 1 }),
      figure({ id: `bundle_${out.replace(/[^a-z0-9]+/gi, '_')}_gzip`, label: `bundle ${what} (gzip)`, value: gzipSync(bytes).length, unit: 'bytes', runs: 1 }),
    ];
  });
}
