// `testbed up`/`down`'s dataplane cleanup: works even when the agent died and could not tear down itself.
import { run } from './exec.ts';
import { TESTBED_LAYOUT } from './layout.ts';
import { deleteEverything, layoutNamespaces } from './topology.ts';

/** Pids still running inside these network namespaces (orphaned containers, kube-router). */
async function pidsIn(namespaces: readonly string[]): Promise<number[]> {
  const pids: number[] = [];
  for (const netns of namespaces) {
    // A namespace that vanished between list and pids has nothing left to stop.
    pids.push(...(await run(['ip', 'netns', 'pids', netns]).catch(() => '')).split('\n').filter(Boolean).map(Number));
  }
  return pids.filter((pid) => Number.isInteger(pid) && pid > 1 && pid !== process.pid);
}

/** Kills what still runs in this testbed's namespaces (netpart-*, or netpart<n>-* for TESTBED_INSTANCE=n), then deletes them, the root-side veth and its route. */
export async function cleanupDataplane(): Promise<{ killed: number; namespaces: number }> {
  const namespaces = await layoutNamespaces(TESTBED_LAYOUT);
  // A process inside a deleted namespace keeps it alive (and kube-router keeps programming it), so stop them first.
  const pids = await pidsIn(namespaces);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await deleteEverything(TESTBED_LAYOUT);
  return { killed: pids.length, namespaces: namespaces.length };
}
