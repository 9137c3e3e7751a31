// The testbed's Go components are built on first use into the version cache; one rule for all of them.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';

/** A build script that fills the cache, and the binaries that show it already ran. */
export interface CachedBuild {
  what: string;
  binaries: readonly string[];
  script: string;
  /** For the log line, e.g. "about 4 minutes". */
  coldTime: string;
}

/** A component could not be built; the message names the script to run by hand. */
export class ComponentBuildError extends Error {
  override name = 'ComponentBuildError';
}

/** Runs the build script when any of its binaries is missing (its stderr goes to ours); throws ComponentBuildError. */
export function buildIfMissing(build: CachedBuild, log: (line: string) => void): void {
  if (build.binaries.every((b) => existsSync(b))) return;
  log(`building ${build.what} into ${dirname(build.binaries[0] ?? '')} (cold build takes ${build.coldTime})…`);
  try {
    execFileSync('bash', [build.script], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    throw new ComponentBuildError(`building ${build.what} failed (${(error as Error).message.split('\n')[0]}); run ${build.script}`, { cause: error });
  }
}
