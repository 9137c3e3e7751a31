// Bundles a user's scenario file into one .mjs string for a ConfigMap: the scenario and its own dependencies; the
// authoring API (`netpart/scenario`) stays an import, resolved by the runner to the runtime in its image.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ERROR_CODES, NetpartError, ValidationError } from '../../util/errors.ts';
import { scenarioBundleOptions, withRequireBanner } from '../common/scenario-bundle-options.ts';

/** ConfigMaps are capped at 1 MiB in total; keep headroom for metadata and the key. */
export const CONFIGMAP_LIMIT_BYTES = 1024 * 1024 - 16 * 1024;

/** A scenario file that could not be bundled (syntax error, missing import, esbuild not installed). */
export class ScenarioBundleError extends NetpartError {
  override name = 'ScenarioBundleError';
  constructor(message: string, options?: ErrorOptions) {
    super(ERROR_CODES.scenarioBundleFailed, message, options);
  }
}

/** Bundles `file` (TypeScript or JS), every import but the runtime inlined; throws a clear error on failure or oversize. */
export async function bundleScenarioFile(file: string, limitBytes = CONFIGMAP_LIMIT_BYTES): Promise<string> {
  const path = resolve(file);
  if (!existsSync(path)) {
    throw new ValidationError(`<scenario>: file ${file} does not exist (give a built-in name like "worker-nats" or a path to a .ts file)`, ['scenario']);
  }
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    throw new ScenarioBundleError('bundling a .ts scenario needs esbuild: run `npm install esbuild` next to netpart, or use a built-in scenario name', {
      cause: error,
    });
  }
  let code: string;
  try {
    const result = await esbuild.build({ ...scenarioBundleOptions(), entryPoints: [path], write: false, outfile: 'scenario.mjs' });
    code = withRequireBanner(result.outputFiles[0]?.text ?? '');
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors ?? [];
    const lines = errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text));
    throw new ScenarioBundleError(`could not bundle ${file}:\n  ${lines.join('\n  ') || (error as Error).message}`, { cause: error });
  }
  const size = Buffer.byteLength(code);
  if (size > limitBytes) {
    throw new ScenarioBundleError(
      `bundled scenario ${file} is ${(size / 1024).toFixed(0)} KiB; a ConfigMap holds at most ${(limitBytes / 1024).toFixed(0)} KiB. ` +
        'Import less (zod and everything netpart offers are already in the runner image: import them from "netpart/scenario", whose `z` is zod) or build it into the image as a built-in scenario.',
    );
  }
  return code;
}
