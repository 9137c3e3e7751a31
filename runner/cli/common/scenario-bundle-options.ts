// esbuild settings for a scenario bundle (built-in or ConfigMap-shipped): the scenario only. Its imports of the
// authoring API stay `import … from 'netpart/scenario'`, which the runner resolves to its own runtime module.
import type { BuildOptions, Plugin } from 'esbuild';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNTIME_SPECIFIER, runtimeHeader } from '../../util/scenario-runtime.ts';
import { ESM_REQUIRE_BANNER, NODE_BUNDLE_OPTIONS } from './esbuild-options.ts';

/**
 * The runtime's source file in this checkout (runner/scenario/index.ts), which the built-in scenarios and files
 * inside the repo import by path. From an installed package (dist/cli/…) it names no file, and only the package
 * specifier is mapped.
 */
export const RUNTIME_SOURCE = fileURLToPath(new URL('../../scenario/index.ts', import.meta.url));

const withoutTs = (path: string) => path.replace(/\.ts$/, '');

/** Leaves `netpart/scenario`, and any import of the runtime's source file, as the external `netpart/scenario`. */
export function runtimeExternal(runtimeSource: string = RUNTIME_SOURCE): Plugin {
  return {
    name: 'netpart-scenario-runtime-external',
    setup(build) {
      build.onResolve({ filter: /^netpart\/scenario$/ }, () => ({ path: RUNTIME_SPECIFIER, external: true }));
      build.onResolve({ filter: /(^|\/)index(\.ts)?$/ }, (args) =>
        withoutTs(resolve(args.resolveDir, args.path)) === withoutTs(runtimeSource) ? { path: RUNTIME_SPECIFIER, external: true } : undefined,
      );
    },
  };
}

/** Options for one scenario bundle: the shared Node options, the runtime external, the runtime header first. */
export function scenarioBundleOptions(runtimeSource: string = RUNTIME_SOURCE) {
  return {
    ...NODE_BUNDLE_OPTIONS,
    // the require() banner is added only where a bundled dependency needs it (withRequireBanner)
    banner: { js: runtimeHeader() },
    plugins: [...NODE_BUNDLE_OPTIONS.plugins, runtimeExternal(runtimeSource)],
  } satisfies BuildOptions;
}

// esbuild's stand-in for require() in ESM output, which throws unless a real require is in scope.
const DYNAMIC_REQUIRE = 'Dynamic require of ';

/**
 * A scenario that bundles a CommonJS dependency calling require() gets the createRequire banner after the header,
 * as every bundle had before; the others import nothing but the runtime.
 */
export function withRequireBanner(code: string): string {
  if (!code.includes(DYNAMIC_REQUIRE)) return code;
  const newline = code.indexOf('\n');
  return `${code.slice(0, newline + 1)}${ESM_REQUIRE_BANNER}\n${code.slice(newline + 1)}`;
}
