// `npm run build`: the esbuild bundles the runner image and the CLIs ship (layout fixed by the run-incluster contract).
import { build, type Message, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { NODE_BUNDLE_OPTIONS } from '../runner/cli/common/esbuild-options.ts';
import { scenarioBundleOptions, withRequireBanner } from '../runner/cli/common/scenario-bundle-options.ts';
import { RUNTIME_BUNDLE_FILE } from '../runner/scenario/runtime-resolver.ts';

/** One bundle: a TypeScript entry file and the .mjs path under dist/ it becomes. */
export interface BundleTarget {
  entry: string;
  out: string;
  /**
   * Split the entry's dynamic imports into `<name>-chunk-<hash>.mjs` files beside it: code behind an `import()` is
   * then not even compiled until it is imported (the runner sends its first request before loading the rest).
   */
  split?: boolean;
  /**
   * A package entry point (package.json `exports`) for code that runs where netpart is installed: its dependencies
   * stay imports, resolved from the consumer's node_modules (where they were installed with it), and it is not minified.
   */
  library?: boolean;
  /**
   * More entry points of the same split build, written beside `out` and sharing its chunks: the runner's scenario
   * runtime is one, so a scenario that imports it gets the very module instances the runner uses.
   */
  also?: { entry: string; out: string }[];
  /** A scenario: the scenario only, its `netpart/scenario` imports left for the runner to resolve to its runtime. */
  scenario?: boolean;
  /**
   * Build `entry` apart from the split build of `also`, as one self-contained file with no chunk to import: each chunk
   * is one more module file that Node's ES module loader fetches and links before the entry runs (~5 ms of the
   * runner's cold start for three small chunks). Its dynamic imports must name `also` entries, and load their files.
   */
  standalone?: boolean;
  /**
   * The standalone entry once more as CommonJS, at this path beside `out`: Node starts a CommonJS file without
   * initialising its ES module loader (~7 ms of the runner's ~60 ms cold start on Node 20); the `also` entries it
   * loads stay ES modules, reached through `import()`. The source must not use top-level await or `import.meta`.
   */
  commonjs?: string;
}

/** A build that esbuild rejected or that could not start; lists every entry and message at once. */
export class BuildError extends Error {
  override name = 'BuildError';
}

// scenarios/_template.ts and other "_" files are documentation, not built-in scenarios
const NOT_A_SCENARIO = /^_|^template\.ts$/;

/**
 * The runner (the image's entrypoint) and, sharing its chunks, the scenario runtime that scenario bundles import.
 * Split: code behind an import() is compiled only when loaded, and the runtime is never a second copy.
 */
export const RUNNER_TARGET: BundleTarget = {
  entry: 'runner/scenario/main.ts',
  out: 'runner/main.mjs',
  split: true,
  standalone: true,
  // what the image runs (its CMD); runner/main.mjs stays for whoever starts that path
  commonjs: 'runner/main.cjs',
  also: [
    { entry: 'runner/scenario/index.ts', out: `runner/${RUNTIME_BUNDLE_FILE}` },
    // what main.mjs loads: the rest of the runner once its first request is out, and the YAML parser for a kubeconfig
    { entry: 'runner/scenario/after-start.ts', out: 'runner/after-start.mjs' },
    { entry: 'runner/kube/yaml-parse.ts', out: 'runner/yaml-parse.mjs' },
  ],
};

/**
 * esbuild plugin of a standalone entry: a dynamic import of one of the split build's entries becomes an import of that
 * entry's built file (relative to the standalone's); any other dynamic import of a file or package fails the build, as
 * it would otherwise be inlined into the file that must stay small.
 */
function splitEntryImports(root: string, target: BundleTarget): Plugin {
  const fromDir = dirname(target.out);
  const outs = new Map((target.also ?? []).map((a) => [resolve(root, a.entry), `./${relative(fromDir, a.out)}`]));
  return {
    name: 'split-entry-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== 'dynamic-import' || args.path.startsWith('node:')) return undefined;
        const out = args.path.startsWith('.') ? outs.get(resolve(args.resolveDir, args.path)) : undefined;
        if (out) return { path: out, external: true };
        return {
          errors: [{ text: `${args.path} is imported dynamically by a standalone entry: make it an \`also\` entry of ${target.out} or import it statically` }],
        };
      });
    },
  };
}

/** Every bundle the contract requires, relative to the repo root; scenarios are discovered from scenarios/. */
export function bundleTargets(root: string): BundleTarget[] {
  const fixed: BundleTarget[] = [
    RUNNER_TARGET,
    { entry: 'runner/cli/run-incluster.ts', out: 'cli/run-incluster.mjs' },
    { entry: 'runner/cli/fault-inject.ts', out: 'cli/fault-inject.mjs' },
    { entry: 'runner/api/main.ts', out: 'api/main.mjs' },
    { entry: 'runner/demo/app/frontend.ts', out: 'demo/frontend.mjs' },
    { entry: 'runner/demo/app/worker.ts', out: 'demo/worker.mjs' },
    // `import { defineScenario } from 'netpart/scenario'` and `import { FaultInjectionClient } from 'netpart/client'`
    { entry: 'runner/scenario/index.ts', out: 'lib/scenario.mjs', library: true },
    { entry: 'runner/client/index.ts', out: 'lib/client.mjs', library: true },
  ];
  const scenarioDir = join(root, 'scenarios');
  const scenarios = existsSync(scenarioDir)
    ? readdirSync(scenarioDir)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !NOT_A_SCENARIO.test(f))
        .sort()
        .map((f) => ({ entry: `scenarios/${f}`, out: `scenarios/${f.replace(/\.ts$/, '.mjs')}`, scenario: true }))
    : [];
  return [...fixed, ...scenarios];
}

/** Size of one written bundle, raw and gzipped, for the table. */
export interface BundleSize {
  out: string;
  bytes: number;
  gzipBytes: number;
}

const formatMessages = (entry: string, messages: Message[]): string[] =>
  messages.map((m) => `${m.location ? `${m.location.file}:${m.location.line}:${m.location.column}` : entry}: ${m.text}`);

/**
 * Writes a build's files so that a process starting from them meanwhile (a runner pod of a test running beside a
 * rebuild: the testbed runs the repo's dist/) never reads a half-written file or misses a chunk: each file goes to a
 * temporary name and is renamed into place, chunks before the entries that import them, and chunks of an earlier
 * build are removed only after the new entries are in place (an unchanged source yields the same chunk names).
 */
function writeOutputsAtomically(outputs: { path: string; text: string }[], split: { dir: string; chunkPrefix: string } | undefined): void {
  const isChunk = (path: string) => split !== undefined && basename(path).startsWith(split.chunkPrefix);
  const ordered = [...outputs.filter((o) => isChunk(o.path)), ...outputs.filter((o) => !isChunk(o.path))];
  for (const output of ordered) {
    mkdirSync(dirname(output.path), { recursive: true });
    const temporary = `${output.path}.${String(process.pid)}.tmp`;
    writeFileSync(temporary, output.text);
    renameSync(temporary, output.path);
  }
  if (!split) return;
  const written = new Set(outputs.map((o) => basename(o.path)));
  for (const f of readdirSync(split.dir)) if (f.startsWith(split.chunkPrefix) && !written.has(f)) rmSync(join(split.dir, f));
}

/** The standalone entry of a target as one file (see BundleTarget.standalone), and as CommonJS if asked; not written yet. */
async function buildStandalone(root: string, target: BundleTarget, outdir: string): Promise<{ path: string; text: string }[]> {
  const formats = [
    { outfile: join(outdir, target.out), format: 'esm' as const, banner: NODE_BUNDLE_OPTIONS.banner },
    // CommonJS has require() of its own: no createRequire banner (it reads import.meta, which CommonJS lacks).
    ...(target.commonjs ? [{ outfile: join(outdir, target.commonjs), format: 'cjs' as const, banner: {} }] : []),
  ];
  const outputs: { path: string; text: string }[] = [];
  for (const output of formats) {
    const result = await build({
      ...NODE_BUNDLE_OPTIONS,
      ...output,
      plugins: [splitEntryImports(root, target), ...NODE_BUNDLE_OPTIONS.plugins],
      absWorkingDir: root,
      entryPoints: [join(root, target.entry)],
      write: false,
    });
    for (const line of formatMessages(target.entry, result.warnings)) console.warn(`warning: ${line}`);
    outputs.push(...result.outputFiles.map((f) => ({ path: f.path, text: f.text })));
  }
  return outputs;
}

/** Builds each target into outdir one at a time (CPU is shared); throws BuildError listing every failure. */
export async function buildBundles(targets: BundleTarget[], options: { root: string; outdir: string }): Promise<BundleSize[]> {
  const failures: string[] = [];
  const sizes: BundleSize[] = [];
  for (const target of targets) {
    const outfile = join(options.outdir, target.out);
    const name = basename(target.out, '.mjs');
    const chunkPrefix = `${name}-chunk-`;
    const also = target.also ?? [];
    try {
      if (also.length > 0 && (!target.split || also.some((a) => dirname(a.out) !== dirname(target.out)))) {
        throw new BuildError(`${target.entry}: entries sharing its chunks need split: true and an out beside ${target.out}`);
      }
      if (target.standalone && also.length === 0) throw new BuildError(`${target.entry}: standalone needs the split entries it loads in also`);
      const layout = target.split
        ? { outdir: dirname(outfile), splitting: true, chunkNames: `${chunkPrefix}[hash]`, outExtension: { '.js': '.mjs' } }
        : { outfile };
      const entryPoints = [...(target.standalone ? [] : [target]), ...also].map((e) => ({ in: join(options.root, e.entry), out: basename(e.out, '.mjs') }));
      const result = await build({
        ...(target.scenario ? scenarioBundleOptions(join(options.root, 'runner/scenario/index.ts')) : NODE_BUNDLE_OPTIONS),
        // no createRequire banner either: with its dependencies external, nothing in it calls require()
        ...(target.library ? { packages: 'external' as const, minify: false, banner: {} } : {}),
        ...layout,
        absWorkingDir: options.root,
        entryPoints: target.split ? entryPoints : [join(options.root, target.entry)],
        // written below, each file atomically (a scenario once the require() banner is added if it needs one)
        write: false,
      });
      const outputs = result.outputFiles.map((f) => ({ path: f.path, text: target.scenario && f.path.endsWith('.mjs') ? withRequireBanner(f.text) : f.text }));
      // A standalone entry is written last: what it loads is in place by then.
      if (target.standalone) outputs.push(...(await buildStandalone(options.root, target, options.outdir)));
      writeOutputsAtomically(outputs, target.split ? { dir: dirname(outfile), chunkPrefix } : undefined);
      // warnings do not fail the build but must not be silent either
      for (const line of formatMessages(target.entry, result.warnings)) console.warn(`warning: ${line}`);
    } catch (error) {
      const errors = (error as { errors?: Message[] }).errors;
      failures.push(...(errors ? formatMessages(target.entry, errors) : [`${target.entry}: ${(error as Error).message}`]));
      continue;
    }
    const files = [
      outfile,
      ...(target.commonjs ? [join(options.outdir, target.commonjs)] : []),
      ...also.map((a) => join(options.outdir, a.out)),
      ...(target.split
        ? readdirSync(dirname(outfile))
            .filter((f) => f.startsWith(chunkPrefix))
            .map((f) => join(dirname(outfile), f))
        : []),
    ];
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    const named = [target.out, ...(target.commonjs ? [basename(target.commonjs)] : []), ...also.map((a) => basename(a.out))];
    const chunks = files.length - named.length;
    sizes.push({ out: target.split ? `${named.join(' + ')} (+ ${chunks} chunks)` : target.out, bytes: bytes.length, gzipBytes: gzipSync(bytes).length });
  }
  if (failures.length > 0) throw new BuildError(`esbuild failed:\n  ${failures.join('\n  ')}`);
  return sizes;
}

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

/** The size table printed after a build. */
export function formatSizeTable(sizes: BundleSize[]): string {
  const width = Math.max(6, ...sizes.map((s) => s.out.length));
  const rows = sizes.map((s) => `${s.out.padEnd(width)}  ${kib(s.bytes).padStart(11)}  ${kib(s.gzipBytes).padStart(11)}`);
  return [`${'bundle'.padEnd(width)}  ${'raw'.padStart(11)}  ${'gzip'.padStart(11)}`, ...rows].join('\n');
}

async function main(): Promise<void> {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const outdir = join(root, 'dist');
  // --allow-missing: build what exists while teammates' entries are still being written; never for releases
  const allowMissing = process.argv.includes('--allow-missing');
  const targets = bundleTargets(root);
  const missing = targets.filter((t) => !existsSync(join(root, t.entry)));
  if (missing.length > 0 && !allowMissing) {
    throw new BuildError(`missing entry files:\n  ${missing.map((t) => t.entry).join('\n  ')}\n(create them, or pass --allow-missing for a partial build)`);
  }
  for (const t of missing) console.warn(`warning: skipping ${t.entry} (missing)`);
  const present = targets.filter((t) => !missing.includes(t));
  if (present.length === 0) throw new BuildError('no entry files to bundle');
  const sizes = await buildBundles(present, { root, outdir });
  console.log(formatSizeTable(sizes));
  console.log(`\n${sizes.length} bundles in ${relative(process.cwd(), outdir) || '.'}/ (${kib(sizes.reduce((a, s) => a + s.bytes, 0))})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof BuildError ? error.message : error);
    process.exit(1);
  });
}
