// Wraps a command so it runs in a private mount namespace with the pod's bind mounts in place.
import type { ContainerIdentity } from './security.ts';
import type { MountSpec } from './volumes.ts';

/** POSIX shell single-quoting. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

// Where sources are pinned before any target is mounted: a bind source can live under a path a container mounts
// over (a cache under /tmp and an emptyDir at /tmp), and would be hidden by then. Never under a target.
const STAGE_CANDIDATES = ['/run/netpart-stage', '/netpart-stage', '/var/netpart-stage'];
const under = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);

/** A staging directory no target of `mounts` hides (or contains). */
export function stageDirFor(mounts: readonly MountSpec[]): string {
  const stage = STAGE_CANDIDATES.find((c) => mounts.every((m) => !under(c, m.target) && !under(m.target, c)));
  if (!stage) throw new Error(`every staging directory (${STAGE_CANDIDATES.join(', ')}) is under a volume mount; mount elsewhere`);
  return stage;
}

/** The shell script that creates mount points, binds each source, cds to workingDir and execs "$@" as the container's user. */
export function mountScript(mounts: readonly MountSpec[], workingDir: string | undefined, identity?: ContainerIdentity): string {
  const lines = ['set -e'];
  const stage = mounts.length > 0 ? stageDirFor(mounts) : undefined;
  if (stage) {
    // A tmpfs of this namespace only: the pinned mount points never touch the host file system.
    lines.push(`mkdir -p ${stage}`, `mount -t tmpfs netpart-stage ${stage}`);
    mounts.forEach((m, i) => {
      const s = shellQuote(m.source);
      lines.push(`if [ -d ${s} ]; then mkdir ${stage}/${i}; else : > ${stage}/${i}; fi`, `mount --bind ${s} ${stage}/${i}`);
    });
  }
  mounts.forEach((m, i) => {
    const s = `${stage}/${i}`;
    const t = shellQuote(m.target);
    // Files bind onto files, directories onto directories; missing mount points are created (as the runtime would in the image).
    lines.push(`if [ -d ${s} ]; then mkdir -p ${t}; else mkdir -p "$(dirname ${t})"; [ -e ${t} ] || : > ${t}; fi`);
    lines.push(`mount --bind ${s} ${t}`);
    if (m.readOnly) lines.push(`mount -o remount,bind,ro ${t}`);
  });
  if (workingDir) lines.push(`mkdir -p ${shellQuote(workingDir)}`, `cd ${shellQuote(workingDir)}`);
  // Only this namespace's view of / turns read-only; the volume mounts above are separate mounts and keep their mode.
  if (identity?.readOnlyRootFilesystem) lines.push('mount -o remount,bind,ro /');
  lines.push(`exec ${setprivPrefix(identity)}"$@"`);
  return lines.join('\n');
}

// setpriv (util-linux) switches user and groups and sets no_new_privs right before the exec, after the mounts.
function setprivPrefix(identity: ContainerIdentity | undefined): string {
  if (!identity || (identity.uid === undefined && !identity.noNewPrivs)) return '';
  const args = ['setpriv'];
  if (identity.uid !== undefined) {
    args.push(
      `--reuid=${identity.uid}`,
      `--regid=${identity.gid ?? 0}`,
      identity.groups.length > 0 ? `--groups=${identity.groups.join(',')}` : '--clear-groups',
    );
  }
  if (identity.noNewPrivs) args.push('--no-new-privs');
  return `${args.join(' ')} -- `;
}

/** argv that runs `argv` with the mounts in a private mount namespace (private propagation: nothing leaks to the host). */
export function mountNamespaceArgv(
  argv: readonly string[],
  mounts: readonly MountSpec[],
  workingDir: string | undefined,
  identity?: ContainerIdentity,
): string[] {
  return ['unshare', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', mountScript(mounts, workingDir, identity), 'netpart-container', ...argv];
}
