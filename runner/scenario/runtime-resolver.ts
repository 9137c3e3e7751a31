// Makes `import … from 'netpart/scenario'` in a scenario bundle resolve to the runner's own runtime module, so a
// scenario shares the runner's single copy of zod, client-node and netpart's classes (see docs/architecture.md).
import module from 'node:module';
import { RUNTIME_SPECIFIER } from '../util/scenario-runtime.ts';

/** The file the runner's build writes the runtime entry to, beside the runner's own chunks (scripts/build.ts). */
export const RUNTIME_BUNDLE_FILE = 'scenario-runtime.mjs';

/**
 * URL of the runtime module this runner uses: in the bundle (dist/runner/…) the runtime entry beside it, which shares
 * the runner's chunks; from source (runner/scenario/…) runner/scenario/index.ts itself.
 */
export function runtimeUrl(from: string = import.meta.url): string {
  return new URL(from.endsWith('.ts') ? './index.ts' : `./${RUNTIME_BUNDLE_FILE}`, from).href;
}

type ResolveResult = { url: string };
type SyncHooks = {
  resolve: (specifier: string, context: unknown, next: (specifier: string, context: unknown) => ResolveResult) => ResolveResult;
};
// Node ≥ 22.15 (the image): in-thread, synchronous hooks. @types/node 20 does not declare them yet.
const registerHooks = (module as { registerHooks?: (hooks: SyncHooks) => unknown }).registerHooks;

// Node 20 (dev, CI) has only module.register(): its hooks run in a loader thread, so the mapping is passed as data.
const ASYNC_HOOKS = `let specifier, url;
export function initialize(data) { ({ specifier, url } = data); }
export async function resolve(s, context, next) { return next(s === specifier ? url : s, context); }`;

let installed: string | undefined;

/**
 * Installs the resolve hook once per process (before the first scenario is imported); later calls are no-ops. The
 * specifier is handed on as the runtime's URL, so the rest of the chain (Node's, or tsx's when running from source)
 * resolves it as if the scenario had imported that file.
 */
export function installRuntimeResolver(url: string = runtimeUrl()): void {
  if (installed !== undefined) return;
  if (registerHooks) {
    registerHooks({ resolve: (specifier, context, next) => next(specifier === RUNTIME_SPECIFIER ? url : specifier, context) });
  } else {
    module.register(`data:text/javascript,${encodeURIComponent(ASYNC_HOOKS)}`, { data: { specifier: RUNTIME_SPECIFIER, url } });
  }
  installed = url;
}
