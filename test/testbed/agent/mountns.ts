// Wraps a command so it runs in a private mount namespace with the pod's bind mounts in place.
import type { MountSpec } from './volumes.ts';

/** POSIX shell single-quoting. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The shell script that creates mount points, binds each source, cds to workingDir and execs "$@". */
export function mountScript(mounts: readonly MountSpec[], workingDir: string | undefined): string {
  const lines = ['set -e'];
  for (const m of mounts) {
    const s = shellQuote(m.source);
    const t = shellQuote(m.target);
    // Files bind onto files, directories onto directories; missing mount points are created (as the runtime would in the image).
    lines.push(`if [ -d ${s} ]; then mkdir -p ${t}; else mkdir -p "$(dirname ${t})"; [ -e ${t} ] || : > ${t}; fi`);
    lines.push(`mount --bind ${s} ${t}`);
    if (m.readOnly) lines.push(`mount -o remount,bind,ro ${t}`);
  }
  if (workingDir) lines.push(`mkdir -p ${shellQuote(workingDir)}`, `cd ${shellQuote(workingDir)}`);
  lines.push('exec "$@"');
  return lines.join('\n');
}

/** argv that runs `argv` with the mounts in a private mount namespace (private propagation: nothing leaks to the host). */
export function mountNamespaceArgv(argv: readonly string[], mounts: readonly MountSpec[], workingDir: string | undefined): string[] {
  return ['unshare', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', mountScript(mounts, workingDir), 'netpart-container', ...argv];
}
