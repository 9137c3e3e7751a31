// Crash driver: a stand-in runner that injects (owned by a real Job), holds and recovers faults in a loop until killed.
// Prints one line per phase so the test knows where its SIGKILL landed.
import { connectKube } from '../../runner/kube/client.ts';
import { createFaultEngine } from '../../runner/faults/engine.ts';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`crash driver: ${name} is required`);
  return value;
};

const namespace = required('POD_NAMESPACE');
const ownerJob = { name: required('NETPART_JOB_NAME'), uid: required('NETPART_JOB_UID'), namespace };
const prefix = required('CRASH_TARGET_PREFIX');
const holdMs = Number(process.env.CRASH_HOLD_MS ?? '50');
// Seconds each fault lives; the reliability suite uses a few so that expiry, not a sweep, must end what a kill leaves.
const duration = Number(process.env.CRASH_DURATION ?? '600');
// keep (default), drop or reset: with drop/reset a kill can also land while the privileged helpers run.
const established = (process.env.CRASH_ESTABLISHED ?? 'keep') as 'keep' | 'drop' | 'reset';
const kube = connectKube({ kubeconfig: required('CRASH_KUBECONFIG') });
// CRASH_LONG_LIVED=1: the engine as the runner and the API service run it (watch caches, expiry Jobs shared by a stream
// and emptied ones re-armed as spares), so a kill also lands between a spare's re-arm and the policy it will own.
const longLived = process.env.CRASH_LONG_LIVED === '1';
const engine = createFaultEngine(kube, {
  namespaces: [namespace],
  established: { settleMs: Number(process.env.CRASH_SETTLE_MS ?? '600') },
  ...(longLived ? { watchCache: true } : {}),
});
const say = (line: string) => process.stdout.write(`${line}\n`);

if (longLived && !(await engine.warm(namespace, 30_000))) throw new Error('crash driver: the watch caches did not sync');
say('ready');
for (let round = 0; ; round++) {
  // Every other round (keep mode) is a burst of two faults injected together: they share one expiry Job, so a kill
  // also lands between that Job's create and its policies, and between one burst member's writes and the other's.
  const burst = round % 2 === 1 && established === 'keep';
  const targets = burst ? [{ target: { prefix: `${prefix}-0` } }, { target: { prefix: `${prefix}-1` } }] : [{ target: { prefix }, count: 2 }];
  say('inject');
  const faults = await Promise.all(targets.map((target) => engine.inject({ namespace, ...target, duration, established }, { ownerJob })));
  const ids = faults.map((f) => f.id).join(',');
  say(`hold ${ids}`);
  for (const fault of faults) engine.hold(fault);
  await new Promise((r) => setTimeout(r, holdMs));
  say(`recover ${ids}`);
  await Promise.all(faults.map((fault) => engine.recover(fault.id, namespace)));
  say(`recovered ${ids}`);
}
