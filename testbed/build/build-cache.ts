// The testbed's Go components are built on first use into the version cache; one rule for all of them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';

/** A build script that fills the cache, and the binaries that show it already ran. */
export interface CachedBuild {
  what: string;
  binaries: readonly string[];
  script: string;
  /** The script's arguments: the versions pinned in testbed/versions.ts. */
  args?: readonly string[];
  /** Minutes a cold build takes on 2 cores from empty Go caches: the estimate printed before it starts. */
  coldMinutes: number;
}

/** A component could not be built; the message names the script to run by hand. */
export class ComponentBuildError extends Error {
  override name = 'ComponentBuildError';
}

/** "4m05s" / "12s": elapsed time in the progress lines. */
export function formatElapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** The command line that runs a build by hand, for error messages. */
export function buildCommand(build: CachedBuild): string {
  return ['bash', build.script, ...(build.args ?? [])].join(' ');
}

/** The progress line: what is building, for how long, and (for multi-binary builds) which binaries are done. */
export function progressLine(build: CachedBuild, elapsedMs: number): string {
  const done = build.binaries.filter((b) => existsSync(b)).map((b) => basename(b));
  const parts = build.binaries.length > 1 ? `, ${done.length}/${build.binaries.length} built${done.length ? ` (${done.join(', ')})` : ''}` : '';
  return `  … still building ${build.what}: ${formatElapsed(elapsedMs)} elapsed${parts}`;
}

/**
 * Runs the build script when any of its binaries is missing (its stderr goes to ours), logging progress every
 * `progressEveryMs` — a cold build is silent for minutes at a time otherwise; throws ComponentBuildError.
 */
export async function buildIfMissing(build: CachedBuild, log: (line: string) => void, progressEveryMs = 30_000): Promise<void> {
  if (build.binaries.every((b) => existsSync(b))) return;
  log(`building ${build.what} into ${dirname(build.binaries[0] ?? '')} (cold: ~${build.coldMinutes} min on 2 cores; seconds with a warm Go cache)…`);
  const started = Date.now();
  const ticker = setInterval(() => log(progressLine(build, Date.now() - started)), progressEveryMs);
  try {
    const outcome = await new Promise<string | undefined>((resolve) => {
      const child = spawn('bash', [build.script, ...(build.args ?? [])], { stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('error', (error) => resolve(error.message));
      child.on('exit', (code, signal) => resolve(code === 0 ? undefined : signal ? `killed by ${signal}` : `exit code ${code}`));
    });
    if (outcome !== undefined)
      throw new ComponentBuildError(`building ${build.what} failed (${outcome}); run ${buildCommand(build)}`, { cause: new Error(outcome) });
    if (!build.binaries.every((b) => existsSync(b))) {
      throw new ComponentBuildError(
        `building ${build.what} finished without ${build.binaries.filter((b) => !existsSync(b)).join(', ')}; run ${buildCommand(build)}`,
      );
    }
  } finally {
    clearInterval(ticker);
  }
  log(`built ${build.what} in ${formatElapsed(Date.now() - started)}`);
}
