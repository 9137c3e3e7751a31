// `npm run build:types`: the .d.ts files behind the package's exports ("netpart/scenario", "netpart/client").
import { Command } from 'commander';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The declaration each export's `types` condition points at, relative to the repo root. */
export const TYPE_ENTRIES = ['dist/types/runner/scenario/index.d.ts', 'dist/types/runner/client/index.d.ts'];

/** Emits dist/types/ from tsconfig.types.json; throws when an entry's declaration is missing afterwards. */
export function buildTypes(root: string): void {
  // tsc never deletes: a declaration of a removed module would otherwise ship forever
  rmSync(join(root, 'dist', 'types'), { recursive: true, force: true });
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.types.json')], {
    cwd: root,
    stdio: 'inherit',
  });
  const missing = TYPE_ENTRIES.filter((f) => !existsSync(join(root, f)));
  if (missing.length > 0) throw new Error(`tsc wrote no ${missing.join(', ')}: package.json's exports would point at nothing`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  new Command('npm run build:types').description(`Writes the declarations behind the package's exports into dist/types/.`).parse();
  try {
    buildTypes(resolve(fileURLToPath(new URL('..', import.meta.url))));
    console.log(`declarations in dist/types/ (${TYPE_ENTRIES.join(', ')})`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
