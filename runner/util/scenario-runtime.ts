// The contract between a scenario bundle and the runner that loads it: the import specifier of the scenario runtime,
// the runtime's version, and the header line a bundle carries to say which runtime it was built against.
import pkg from '../../package.json' with { type: 'json' };

/** What a scenario imports the authoring API from; left external in scenario bundles, resolved by the runner. */
export const RUNTIME_SPECIFIER = 'netpart/scenario';

/** The version of the scenario runtime: netpart's own version (the runner and the CLI that bundles ship together). */
export const RUNTIME_VERSION: string = pkg.version;

const HEADER_PREFIX = '// netpart-scenario-runtime ';
const HEADER = /^\/\/ netpart-scenario-runtime (\S+)/;
const SEMVER = /^(\d+)\.(\d+)\.(\d+)/;

/** The first line of every scenario bundle: the runtime version it was built against. */
export const runtimeHeader = (version: string = RUNTIME_VERSION): string => `${HEADER_PREFIX}${version}`;

/** The runtime version a bundle's first line names, or undefined for a bundle without the header (self-contained). */
export function builtForRuntime(code: string): string | undefined {
  return HEADER.exec(code)?.[1];
}

/**
 * Whether a bundle built against `built` runs on `runtime`: the same major version (for 0.x the same minor, as in
 * semver's caret range), and a runtime at least as new, since a newer bundle may import names an older runtime lacks.
 */
export function runtimeSatisfies(built: string, runtime: string = RUNTIME_VERSION): boolean {
  const b = SEMVER.exec(built);
  const r = SEMVER.exec(runtime);
  if (!b || !r) return built === runtime;
  const [bMajor, bMinor, bPatch] = b.slice(1).map(Number) as [number, number, number];
  const [rMajor, rMinor, rPatch] = r.slice(1).map(Number) as [number, number, number];
  if (bMajor !== rMajor || (bMajor === 0 && bMinor !== rMinor)) return false;
  return rMinor > bMinor || (rMinor === bMinor && rPatch >= bPatch);
}
