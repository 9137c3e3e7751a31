// esbuild plugins that keep code the bundles never run out of them: less for V8 to compile at every process start
// (compiling the 2.3 MB runner bundle was the largest part of its cold start).
import type { Plugin } from 'esbuild';

const CLIENT_NODE = '@kubernetes/client-node';
const INNER = 'netpart-slim-inner';

/**
 * Marks @kubernetes/client-node's modules side-effect free (its package.json does not say so, but its modules only
 * declare classes and functions), so esbuild drops the ~60 API groups and their request factories we never import.
 */
export const clientNodeTreeShaking: Plugin = {
  name: 'client-node-tree-shaking',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === INNER) return undefined;
      if (!args.path.startsWith(CLIENT_NODE) && !args.resolveDir.includes(`/node_modules/${CLIENT_NODE}/`)) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: INNER });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      const ours = resolved.path.includes(`/node_modules/${CLIENT_NODE}/`);
      return { path: resolved.path, external: resolved.external, sideEffects: ours ? false : resolved.sideEffects };
    });
  },
};

/**
 * node-fetch 2 (client-node's HTTP layer) imports whatwg-url only as a fallback for runtimes without a global URL
 * (`Url.URL || whatwgUrl.URL`); on Node ≥ 20 that fallback never runs, yet its Unicode tables (tr46, ~280 KiB) were
 * bundled and evaluated at start. This stands in with the runtime's own URL.
 */
export const whatwgUrlFromRuntime: Plugin = {
  name: 'whatwg-url-from-runtime',
  setup(build) {
    build.onResolve({ filter: /^whatwg-url$/ }, () => ({ path: 'whatwg-url', namespace: 'netpart-runtime-url' }));
    build.onLoad({ filter: /.*/, namespace: 'netpart-runtime-url' }, () => ({
      contents: 'export const URL = globalThis.URL; export const URLSearchParams = globalThis.URLSearchParams; export default { URL, URLSearchParams };',
      loader: 'js',
    }));
  },
};

/**
 * client-node's KubeConfig (config.js) imports two names through the generated index, which re-exports every API
 * class and model. Single-file builds tree-shake that away, but a split build assigns whole files to chunks, so the
 * runner's first chunk (kubeconfig + first request) carried all of them. Pointing that one import at the two modules
 * that define those names keeps the generated code in the chunk that uses it.
 */
export const clientNodeConfigImports: Plugin = {
  name: 'client-node-config-imports',
  setup(build) {
    build.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) => {
      if (!args.importer.endsWith(`/node_modules/${CLIENT_NODE}/dist/config.js`)) return undefined;
      return { path: `${args.resolveDir}/gen/config-imports.js`, namespace: 'netpart-client-node-config', pluginData: args.resolveDir };
    });
    build.onLoad({ filter: /.*/, namespace: 'netpart-client-node-config' }, (args) => ({
      contents: "export { createConfiguration } from './gen/configuration.js'; export { ServerConfiguration } from './gen/servers.js';",
      resolveDir: args.pluginData as string,
      loader: 'js',
    }));
  },
};
