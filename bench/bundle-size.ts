// Bundle sizes, raw and gzip, of what the runner image and the CLIs ship, and of a scenario bundle (built-in or for a
// ConfigMap), which holds the scenario only: the runtime it imports lives once in the image.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleScenarioFile } from '../runner/cli/incluster/bundle-scenario.ts';
import { RUNNER_TARGET } from '../scripts/build.ts';
import { figure, type Figure } from './figure.ts';

/** The bundles reported. */
export const BUNDLES = ['runner/main.mjs', 'cli/fault-inject.mjs', 'cli/run-incluster.mjs'];

/** Goal for one scenario bundle: the scenario's own code, a few KiB, not a copy of the runtime (~470 KiB before). */
export const SCENARIO_BUNDLE_MAX_BYTES = 16 * 1024;

/** The scenario a ConfigMap bundle is measured on: the template users copy, as a user's file would be. */
export const CONFIGMAP_SCENARIO = 'scenarios/_template.ts';

/** Builds dist/ with `npm run build` (always: a stale bundle would measure old code). */
export function ensureBuilt(root: string, log: (line: string) => void): void {
  log('npm run build');
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`npm run build failed with exit code ${result.status}`);
}

/**
 * The bundle file plus what npm run build wrote beside it: for the runner its other entries (its CommonJS twin, the
 * rest of the runner, the scenario runtime, the YAML parser), and the chunks (`<name>-chunk-*.mjs`).
 */
function bundleFiles(root: string, out: string): { files: string[]; entries: string[] } {
  const path = join(root, 'dist', out);
  const prefix = `${basename(path, '.mjs')}-chunk-`;
  const entries =
    out === RUNNER_TARGET.out ? [...(RUNNER_TARGET.commonjs ? [RUNNER_TARGET.commonjs] : []), ...(RUNNER_TARGET.also ?? []).map((a) => a.out)] : [];
  const chunks = readdirSync(dirname(path))
    .filter((f) => f.startsWith(prefix))
    .map((f) => join(dirname(path), f));
  return { files: [path, ...entries.map((e) => join(root, 'dist', e)), ...chunks], entries };
}

/** Raw and gzip size of each bundle with its chunks (sizes are exact, so one "run"). */
export function bundleSizes(root: string): Figure[] {
  return BUNDLES.flatMap((out) => {
    const { files, entries } = bundleFiles(root, out);
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    const chunks = files.length - 1 - entries.length;
    const what = [out, ...entries.map((e) => basename(e)), ...(chunks > 0 ? [`${chunks} chunks`] : [])].join(' + ');
    return [
      figure({ id: `bundle_${out.replace(/[^a-z0-9]+/gi, '_')}_raw`, label: `bundle ${what} (raw)`, value: bytes.length, unit: 'bytes', runs: 1 }),
      figure({ id: `bundle_${out.replace(/[^a-z0-9]+/gi, '_')}_gzip`, label: `bundle ${what} (gzip)`, value: gzipSync(bytes).length, unit: 'bytes', runs: 1 }),
    ];
  });
}

const scenarioFigures = (id: string, what: string, code: Buffer): Figure[] => [
  figure({
    id: `bundle_scenario_${id}_raw`,
    label: `scenario bundle ${what} (raw)`,
    value: code.length,
    unit: 'bytes',
    runs: 1,
    goal: `≤ ${SCENARIO_BUNDLE_MAX_BYTES / 1024} KiB`,
    max: SCENARIO_BUNDLE_MAX_BYTES,
  }),
  figure({ id: `bundle_scenario_${id}_gzip`, label: `scenario bundle ${what} (gzip)`, value: gzipSync(code).length, unit: 'bytes', runs: 1 }),
];

/** The largest built-in scenario bundle in dist/scenarios/, and the ConfigMap bundle run-incluster makes of the template. */
export async function scenarioBundleSizes(root: string): Promise<Figure[]> {
  const dir = join(root, 'dist', 'scenarios');
  const largest = readdirSync(dir)
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => ({ f, code: readFileSync(join(dir, f)) }))
    .sort((a, b) => b.code.length - a.code.length)[0];
  if (!largest) throw new Error(`no scenario bundles in ${dir}: npm run build writes them`);
  const configMap = Buffer.from(await bundleScenarioFile(join(root, CONFIGMAP_SCENARIO)));
  return [
    ...scenarioFigures('builtin', `built-in, largest (scenarios/${largest.f})`, largest.code),
    ...scenarioFigures('configmap', `for a ConfigMap (${CONFIGMAP_SCENARIO})`, configMap),
  ];
}
