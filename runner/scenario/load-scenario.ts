// Finds and imports the scenario module named by NETPART_SCENARIO (a bare name or a file path).
import { closeSync, existsSync, openSync, readdirSync, readSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isScenario, type Scenario } from './define.ts';
import { ScenarioLoadError, errorMessage } from './errors.ts';
import { installRuntimeResolver } from './runtime-resolver.ts';
import { RUNTIME_VERSION, builtForRuntime, runtimeSatisfies } from '../util/scenario-runtime.ts';

const BARE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const FILE_EXTENSIONS = ['.mjs', '.js', '.ts'];

/**
 * Resolves NETPART_SCENARIO to a file: a bare name → `<dir of main>/../scenarios/<name>.mjs` (in the bundle), or
 * `<repo>/scenarios/<name>.ts` when the runner itself runs from source; a path ending in .mjs/.js/.ts → that file.
 */
export function resolveScenarioPath(value: string, mainFile: string, cwd = process.cwd()): string {
  const trimmed = value.trim();
  if (FILE_EXTENSIONS.includes(extname(trimmed))) return resolve(cwd, trimmed);
  if (!BARE_NAME.test(trimmed)) {
    throw new ScenarioLoadError(`NETPART_SCENARIO=${JSON.stringify(value)}: give a scenario name such as "worker-nats" or a path ending in .mjs or .js`, value);
  }
  const fromSource = extname(mainFile) === '.ts';
  // Source layout: runner/scenario/main.ts → <repo>/scenarios; bundle layout: /app/runner/main.mjs → /app/scenarios.
  const dir = fromSource ? join(dirname(mainFile), '..', '..', 'scenarios') : join(dirname(mainFile), '..', 'scenarios');
  return join(dir, `${trimmed}${fromSource ? '.ts' : '.mjs'}`);
}

/** Names of the built-in scenarios next to `file` (for "did you mean" messages). */
function availableNear(file: string): string[] {
  try {
    return readdirSync(dirname(file))
      .filter((f) => FILE_EXTENSIONS.includes(extname(f)) && !f.startsWith('_'))
      .map((f) => f.slice(0, -extname(f).length))
      .sort();
  } catch {
    return [];
  }
}

/** Imports the module and checks that its default export came from defineScenario(). */
export async function loadScenario(value: string, mainFile: string = fileURLToPath(import.meta.url)): Promise<{ scenario: Scenario<object>; file: string }> {
  const file = resolveScenarioPath(value, mainFile);
  if (!existsSync(file)) {
    const available = availableNear(file);
    throw new ScenarioLoadError(
      `scenario ${JSON.stringify(value)} not found at ${file}` +
        (available.length > 0 ? `; available: ${available.join(', ')}` : '; is the image built with `npm run build`?'),
      file,
    );
  }
  checkRuntimeVersion(file);
  let loaded: { default?: unknown };
  try {
    installRuntimeResolver();
    loaded = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new ScenarioLoadError(`scenario module ${file} failed to load: ${errorMessage(error)}`, file, { cause: error });
  }
  if (!isScenario(loaded.default)) {
    throw new ScenarioLoadError(
      `scenario module ${file} must \`export default defineScenario({ name, description, timeout, run })\`; its default export is ${describe(loaded.default)}`,
      file,
    );
  }
  return { scenario: loaded.default, file };
}

/** The first bytes of a file: enough for a bundle's header line, without reading a large self-contained bundle. */
function head(file: string, bytes = 256): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Refuses, before importing it, a bundle built against a runtime this runner cannot stand in for (naming both versions). */
function checkRuntimeVersion(file: string): void {
  const built = builtForRuntime(head(file));
  if (built === undefined || runtimeSatisfies(built)) return;
  throw new ScenarioLoadError(
    `scenario bundle ${file} was built against netpart scenario runtime ${built}, but this runner provides ${RUNTIME_VERSION}: ` +
      `bundle it again with netpart ${RUNTIME_VERSION} (run-incluster does it from the .ts file), or run it on a runner image of netpart ${built}`,
    file,
  );
}

const describe = (value: unknown) => (value === undefined ? 'missing' : value === null ? 'null' : `a ${typeof value} without the scenario marker`);
