// `testbed down`'s dataplane cleanup: works even when the agent died and could not tear down itself.
import { execFileSync } from 'node:child_process';
import { createDataplane } from './dataplane/index.ts';
import { DEFAULT_LAYOUT } from './dataplane/layout.ts';

function netnsList(): string[] {
  try {
    return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.split(' ')[0] ?? '')
      .filter((name) => name.startsWith(`${DEFAULT_LAYOUT.name}-`));
  } catch {
    return [];
  }
}

/** Pids still running inside the testbed's own network namespaces (orphaned containers, kube-router). */
function pidsInOurNamespaces(): number[] {
  const pids: number[] = [];
  for (const netns of netnsList()) {
    try {
      pids.push(...execFileSync('ip', ['netns', 'pids', netns], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number));
    } catch {
      // The namespace vanished between list and pids: nothing left to stop there.
    }
  }
  return pids.filter((pid) => Number.isInteger(pid) && pid > 1 && pid !== process.pid);
}

/** Kills what still runs in netpart-* namespaces, then deletes them, the root-side veth and its route. */
export async function cleanupDataplane(stateDir: string): Promise<{ killed: number; namespaces: number }> {
  const namespaces = netnsList().length;
  // A process inside a deleted namespace keeps it alive (and kube-router keeps programming it), so stop them first.
  const pids = pidsInOurNamespaces();
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await createDataplane({ stateDir }).teardown();
  return { killed: pids.length, namespaces };
}

/** Names of the testbed's network namespaces that still exist (for tests and status). */
export function remainingNamespaces(): string[] {
  return netnsList();
}
