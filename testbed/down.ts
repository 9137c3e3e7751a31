// `testbed down`: stop exactly the process groups `up` recorded, then remove the run dir.
import { rmSync } from 'node:fs';
import { cleanupDataplane } from './dataplane/cleanup.ts';
import { CACHE_DIR } from './paths.ts';
import { stopProcesses } from './processes.ts';
import { withTestbedLock } from './lock.ts';
import { clearState, readState } from './state.ts';

/** Stops the recorded testbed; a no-op when none is recorded. */
export function down(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<void> {
  return withTestbedLock(() => stopRecorded(log));
}

/** Stops the recorded testbed; the caller holds the testbed lock. */
export async function stopRecorded(log: (line: string) => void): Promise<void> {
  const state = readState();
  if (!state) {
    log('no testbed recorded; nothing to stop');
    return;
  }
  await stopProcesses(state.processes);
  // The agent tears the dataplane down on SIGTERM; if it died first, its namespaces (and kube-router) are still here.
  if (state.dataplane === 'netns') {
    const left = await cleanupDataplane();
    if (left.namespaces > 0) log(`removed ${left.namespaces} leftover network namespace(s), killed ${left.killed} process(es) in them`);
  }
  // Guard the rm: only ever delete a run dir inside our own cache.
  if (state.dir.startsWith(`${CACHE_DIR}/run-`)) rmSync(state.dir, { recursive: true, force: true });
  clearState();
  log(`testbed stopped (${state.processes.map((p) => `${p.name}:${p.pid}`).join(', ')})`);
}
