// Unit tests of the established-connection helpers as objects, their reports, and what drop does to the policy.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { compilePartitionPolicy } from '../../../runner/faults/compile.ts';
import { dropPods, targetsByNode, UnscheduledTargetError } from '../../../runner/faults/established/drop.ts';
import { cutEnv, resetContainer, resetContainerName, type CutPlan } from '../../../runner/faults/established/helper-specs.ts';
import { HelperReportError, parseHelperReport, summarizeCut } from '../../../runner/faults/established/outcome.ts';
import { establishedSettingsFromEnv } from '../../../runner/faults/established/settings.ts';
import { parsePartitionSpec, policyDirection } from '../../../runner/faults/spec.ts';
import { ValidationError } from '../../../runner/util/errors.ts';

const settings = { ...establishedSettingsFromEnv({}), settleMs: 1000 };
const plan: CutPlan = {
  mode: 'drop',
  faultId: 'abc123',
  namespace: 'dynamo',
  targetIps: ['10.0.0.5'],
  peerIps: ['10.0.1.1', '10.0.1.2'],
  spec: { ports: [{ port: 4222, protocol: 'TCP' }], direction: 'egress' },
};
const pod = (name: string, nodeName: string | undefined, ip: string): V1Pod => ({
  metadata: { name, namespace: 'dynamo' },
  spec: { containers: [], ...(nodeName ? { nodeName } : {}) },
  status: { podIP: ip },
});

describe('established: spec and policy', () => {
  test('keep is the default; drop makes the policy cover both directions, ingress on every port', () => {
    const base = { namespace: 'dynamo', target: { prefix: 'w' } };
    assert.equal(parsePartitionSpec(base).established, 'keep');
    const spec = parsePartitionSpec({ ...base, established: 'drop', ports: [{ port: 4222 }] });
    assert.equal(policyDirection(spec), 'both');
    const policy = compilePartitionPolicy({ spec, faultId: 'abc123', targetUids: ['uid-decode-0'], blockedPodIps: ['10.0.1.1'] });
    assert.deepEqual(policy.spec?.policyTypes, ['Ingress', 'Egress']);
    assert.equal(policy.spec?.ingress?.length, 1, 'no "other ports" ingress rule: blocked peers lose every port inbound');
    assert.ok((policy.spec?.egress?.length ?? 0) > 2, 'egress keeps the other-ports rule');
    const reset = compilePartitionPolicy({
      spec: parsePartitionSpec({ ...base, established: 'reset' }),
      faultId: 'abc123',
      targetUids: ['uid-decode-0'],
      blockedPodIps: [],
    });
    assert.deepEqual(reset.spec?.policyTypes, ['Egress'], 'reset leaves the direction as written');
  });

  test('drop/reset with blockAllEgress is refused naming the field', () => {
    assert.throws(
      () => parsePartitionSpec({ namespace: 'dynamo', target: { prefix: 'w' }, blockAllEgress: true, established: 'reset' }),
      (e: unknown) => e instanceof ValidationError && /established/.test(e.message) && /blockAllEgress names none/.test(e.message),
    );
    assert.throws(() => parsePartitionSpec({ namespace: 'dynamo', target: { prefix: 'w' }, established: 'cut' }), /established/);
  });
});

describe('established: helper objects', () => {
  test('the env netpart-cut reads', () => {
    assert.deepEqual(Object.fromEntries(cutEnv(plan, settings).map((e) => [e.name, e.value])), {
      CUT_MODE: 'drop',
      CUT_TARGET_IPS: '10.0.0.5',
      CUT_PEER_IPS: '10.0.1.1 10.0.1.2',
      CUT_PORTS: 'TCP/4222',
      CUT_DIRECTION: 'egress',
      CUT_SETTLE_MS: '1000',
      CUT_INTERVAL_MS: '200',
    });
  });

  test('reset container: NET_ADMIN only, read-only root, unique DNS-label name', () => {
    const name = resetContainerName('abc123', 1_700_000_000_000);
    assert.match(name, /^netpart-reset-abc123-[a-z0-9]+$/);
    assert.ok(name.length <= 63);
    const c = resetContainer({ ...plan, mode: 'reset' }, name, settings);
    assert.equal(c.image, settings.image);
    assert.deepEqual(c.securityContext?.capabilities, { drop: ['ALL'], add: ['NET_ADMIN'] });
    assert.equal(c.securityContext?.allowPrivilegeEscalation, false);
    assert.equal(c.securityContext?.privileged, false);
    assert.equal(c.securityContext?.readOnlyRootFilesystem, true);
    assert.equal(c.command, undefined, 'the image entrypoint (netpart-cut) runs');
  });

  test("drop pods: one per node, pinned, hostNetwork, bounded, only that node's target IPs", () => {
    const targets = [pod('w-1', 'node-b', '10.0.0.6'), pod('w-0', 'node-a', '10.0.0.5'), pod('w-2', 'node-b', '10.0.0.7')];
    assert.deepEqual([...targetsByNode(targets).keys()], ['node-a', 'node-b']);
    const pods = dropPods(targets, plan, settings);
    assert.equal(pods.length, 2);
    const [a, b] = pods;
    assert.equal(a?.metadata?.name, 'netpart-drop-abc123-0');
    assert.equal(a?.metadata?.namespace, settings.helperNamespace);
    assert.equal(a?.metadata?.labels?.['netpart.dev/fault-namespace'], 'dynamo', "which namespace's fault it serves");
    assert.equal(a?.spec?.nodeName, 'node-a');
    assert.equal(a?.spec?.hostNetwork, true);
    assert.equal(a?.spec?.restartPolicy, 'Never');
    assert.equal(a?.spec?.automountServiceAccountToken, false);
    assert.equal(a?.spec?.activeDeadlineSeconds, 61);
    const env = (p: V1Pod | undefined) => Object.fromEntries((p?.spec?.containers[0]?.env ?? []).map((e) => [e.name, e.value]));
    assert.equal(env(a).CUT_TARGET_IPS, '10.0.0.5');
    assert.equal(env(b).CUT_TARGET_IPS, '10.0.0.6 10.0.0.7');
    assert.throws(() => dropPods([pod('w-9', undefined, '10.0.0.9')], plan, settings), UnscheduledTargetError);
  });

  test('settings from the environment, with bad values falling back to the defaults', () => {
    const s = establishedSettingsFromEnv({ NETPART_TOOLS_IMAGE: 'reg.local/netpart/tools:9', NETPART_HELPER_NAMESPACE: 'ops', NETPART_CUT_SETTLE_MS: '500' });
    assert.deepEqual([s.image, s.helperNamespace, s.settleMs], ['reg.local/netpart/tools:9', 'ops', 500]);
    assert.equal(establishedSettingsFromEnv({ NETPART_CUT_SETTLE_MS: 'soon' }).settleMs, 2000);
  });
});

describe('established: helper reports', () => {
  test('parsed from the termination message and summed', () => {
    const a = parseHelperReport('h/a', '{"mode":"drop","rounds":3,"found":[2,1,0]}\n');
    const b = parseHelperReport('h/b', '{"mode":"drop","rounds":2,"found":[1,0]}');
    assert.deepEqual(summarizeCut('drop', [a, b], 1234), { mode: 'drop', cut: 4, settled: true, ms: 1234, helpers: [a, b] });
    const late = parseHelperReport('h/c', '{"mode":"reset","rounds":2,"found":[0,1]}');
    assert.equal(summarizeCut('reset', [late], 1).settled, false);
  });

  test('a helper error or garbage is a HelperReportError that says which helper and why', () => {
    assert.throws(
      () => parseHelperReport('h/a', '{"error":"ss -K: Operation not permitted"}'),
      (e: unknown) => e instanceof HelperReportError && /h\/a failed: ss -K/.test(e.message),
    );
    assert.throws(() => parseHelperReport('h/a', ''), /left no report/);
    assert.throws(() => parseHelperReport('h/a', '{"rounds":2,"found":[1]}'), /unreadable report/);
  });
});
