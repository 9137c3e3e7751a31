// esbuild settings shared by `npm run build` and run-incluster's scenario bundler, so both produce the same kind of file.
import type { BuildOptions } from 'esbuild';
import { clientNodeConfigImports, clientNodeTreeShaking, whatwgUrlFromRuntime } from './esbuild-slim.ts';

/** Lets bundled CommonJS dependencies call require() inside an ES module (the contract's banner, verbatim). */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Self-contained ESM for Node 20+: the runner image has no node_modules, so everything is inlined. */
export const NODE_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: ESM_REQUIRE_BANNER },
  sourcemap: false,
  // smaller image and ConfigMaps; keepNames so error class names and stack frames stay readable
  minify: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'silent',
  // esbuild ships a native binary per platform; the CLI loads it lazily from the user's install, never bundles it.
  external: ['esbuild'],
  plugins: [clientNodeConfigImports, clientNodeTreeShaking, whatwgUrlFromRuntime],
} satisfies BuildOptions;
