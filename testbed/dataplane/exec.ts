// Runs the ip/iptables/sysctl commands the dataplane needs, with errors that name the command.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Raised when a dataplane command (ip, sysctl, …) fails; carries the command line and its stderr. */
export class DataplaneCommandError extends Error {
  override name = 'DataplaneCommandError';
  constructor(
    readonly argv: readonly string[],
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(`\`${argv.join(' ')}\` failed: ${stderr.trim() || 'no stderr'}`, options);
  }
}

/** Runs argv (no shell) and returns stdout; throws DataplaneCommandError on a non-zero exit. */
export async function run(argv: readonly string[]): Promise<string> {
  const [file, ...args] = argv;
  if (!file) throw new DataplaneCommandError(argv, 'empty command');
  try {
    const { stdout } = await execFileAsync(file, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new DataplaneCommandError(argv, stderr, { cause: error });
  }
}

/** Like run() but ignores failure; for best-effort cleanup of things that may already be gone. */
export async function runQuietly(argv: readonly string[]): Promise<boolean> {
  try {
    await run(argv);
    return true;
  } catch {
    return false;
  }
}

/** Prefixes argv so it runs inside the named network namespace. */
export function inNetns(netns: string, argv: readonly string[]): string[] {
  return ['ip', 'netns', 'exec', netns, ...argv];
}
