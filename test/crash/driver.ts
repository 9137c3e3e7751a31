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
const engine = createFaultEngine(kube, { namespaces: [namespace], established: { settleMs: Number(process.env.CRASH_SETTLE_MS ?? '600') } });
const say = (line: string) => process.stdout.write(`${line}\n`);

say('ready');
for (let round = 0; ; round++) {
  say('inject');
  const fault = await engine.inject({ namespace, target: { prefix }, count: 2, duration, established }, { ownerJob });
  say(`hold ${fault.id}`);
  engine.hold(fault);
  await new Promise((r) => setTimeout(r, holdMs));
  say(`recover ${fault.id}`);
  await engine.recover(fault.id, namespace);
  say(`recovered ${fault.id}`);
}
