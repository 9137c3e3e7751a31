// Property tests: for random pods and partition specs, the compiled policy denies exactly the blocked peers.
// The expected answer is computed straight from the spec's meaning; the policy is judged by the evaluator.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { V1NetworkPolicy, V1NetworkPolicyPeer } from '@kubernetes/client-node';
import { compilePartitionPolicy } from '../../runner/faults/compile.ts';
import { cidrContains, parseCidr, parseIp } from '../../runner/faults/cidr.ts';
import { isAllowed, policySelects, type Endpoint, type PodEndpoint } from '../../runner/faults/evaluate.ts';
import { LABEL_POD_UID } from '../../runner/faults/labels.ts';
import { podUidSelector } from '../../runner/faults/pod-uid-label.ts';
import { blockedSelectors, parsePartitionSpec, policyDirection, type PartitionSpec } from '../../runner/faults/spec.ts';

const NAMESPACES = ['app', 'nats', 'ops', 'web'];
const KEYS = ['app', 'role', 'app.kubernetes.io/name'];
const VALUES = ['a', 'b', 'nats'];
const PROBES: [number, string][] = [
  [4222, 'TCP'],
  [8000, 'TCP'],
  [53, 'UDP'],
  [53, 'TCP'],
  [4222, 'UDP'],
  [9000, 'SCTP'],
];
const EXTERNALS: Endpoint[] = [
  { kind: 'external', ip: '203.0.113.7' },
  { kind: 'external', ip: '2001:db8::7' },
];

const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 });
const selectorArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { minKeys: 1, maxKeys: 3 });
const scenarioArb = fc.record({
  own: fc.constantFrom(...NAMESPACES),
  faultId: fc.stringMatching(/^[a-z0-9]{6,24}$/),
  pods: fc.array(fc.record({ namespace: fc.constantFrom(...NAMESPACES), labels: labelsArb, v6: fc.boolean(), target: fc.boolean(), labelled: fc.boolean() }), {
    minLength: 2,
    maxLength: 8,
  }),
  blockNats: fc.boolean(),
  natsNamespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }),
  blockPods: fc.array(fc.record({ labels: selectorArb, namespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }) }), {
    maxLength: 3,
  }),
  direction: fc.constantFrom('egress', 'ingress', 'both'),
  ports: fc.array(fc.record({ port: fc.constantFrom(4222, 8000, 53), protocol: fc.constantFrom('TCP', 'UDP') }), {
    maxLength: 2,
  }),
  allowNamespaces: fc.subarray(NAMESPACES),
  blockAllEgress: fc.boolean(),
  established: fc.constantFrom('keep', 'drop', 'reset'),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** Builds a valid spec, the pods (targets carry the fault label) and the blocked pods from a random scenario. */
function materialise(s: Scenario) {
  const blockAllEgress = s.blockAllEgress && s.direction !== 'ingress';
  const blockNats = s.blockNats || (s.blockPods.length === 0 && !blockAllEgress);
  const draft = { blockNats, natsNamespace: s.natsNamespace, blockPods: s.blockPods };
  const blockedNs = new Set([...(blockNats ? [s.natsNamespace ?? s.own] : []), ...s.blockPods.map((p) => p.namespace ?? s.own)]);
  const spec = parsePartitionSpec({
    namespace: s.own,
    target: { prefix: 'p' },
    ...draft,
    direction: s.direction,
    ports: s.ports,
    allowNamespaces: s.allowNamespaces.filter((ns) => !blockedNs.has(ns)),
    blockAllEgress,
    // drop/reset name the blocked pods' flows; blockAllEgress has none (the spec refuses the pair).
    established: blockAllEgress ? 'keep' : s.established,
  });
  const pods: PodEndpoint[] = s.pods.map((p, i) => ({
    kind: 'pod',
    name: `p${i}`,
    namespace: p.namespace,
    // Targets wear their uid label (the engine puts it on); other pods may wear theirs from earlier faults.
    labels: (p.target && p.namespace === s.own) || p.labelled ? { ...p.labels, [LABEL_POD_UID]: `uid-${i}` } : p.labels,
    ip: p.v6 ? `fd00::${i + 1}` : `10.0.${i}.1`,
  }));
  const targetIndexes = s.pods.flatMap((p, i) => (p.target && p.namespace === s.own ? [i] : []));
  // With no target left, the uid of a pod that is gone: the policy must then select nothing.
  const targetUids = targetIndexes.length > 0 ? targetIndexes.map((i) => `uid-${i}`) : ['uid-gone'];
  const isTarget = (e: Endpoint) => e.kind === 'pod' && e.namespace === s.own && targetUids.includes(e.labels[LABEL_POD_UID] ?? '');
  const isBlocked = (e: Endpoint) =>
    e.kind === 'pod' && blockedSelectors(spec).some((b) => b.namespace === e.namespace && Object.entries(b.labels).every(([k, v]) => e.labels[k] === v));
  return { spec, pods, isTarget, targetUids, isBlocked, blockedIps: pods.filter(isBlocked).map((p) => p.ip as string) };
}

/** The spec's meaning, computed directly: may `from` reach `to` on this port? */
function expected(spec: PartitionSpec, m: ReturnType<typeof materialise>, from: Endpoint, to: Endpoint, port: number, protocol: string): boolean {
  if (from.kind === 'pod' && to.kind === 'pod' && from.name === to.name) return true;
  const portCut = spec.ports.length === 0 || spec.ports.some((p) => p.port === port && p.protocol === protocol);
  const inAllowed = (e: Endpoint) => e.kind === 'pod' && spec.allowNamespaces.includes(e.namespace);
  const direction = policyDirection(spec);
  const egressOk =
    !m.isTarget(from) ||
    direction === 'ingress' ||
    (port === 53 && (protocol === 'UDP' || protocol === 'TCP') && !m.isBlocked(to)) ||
    inAllowed(to) ||
    !portCut ||
    (!spec.blockAllEgress && !m.isBlocked(to));
  // Under drop the blocked peers lose ingress on every port (a re-opened flow must not slip in from their side).
  const ingressOk = !m.isTarget(to) || direction === 'egress' || inAllowed(from) || (!portCut && spec.established !== 'drop') || !m.isBlocked(from);
  return egressOk && ingressOk;
}

function assertValidForApiserver(policy: V1NetworkPolicy): void {
  const peers: V1NetworkPolicyPeer[] = [
    ...(policy.spec?.egress ?? []).flatMap((r) => r.to ?? []),
    ...(policy.spec?.ingress ?? []).flatMap((r) => r._from ?? []),
  ];
  for (const peer of peers) {
    const selectors = [peer.podSelector, peer.namespaceSelector].filter((x) => x !== undefined);
    for (const e of selectors.flatMap((sel) => sel.matchExpressions ?? [])) assert.ok((e.values ?? []).length > 0, 'empty NotIn/In values');
    if (peer.ipBlock) {
      const cidr = parseCidr(peer.ipBlock.cidr);
      for (const ex of peer.ipBlock.except ?? []) assert.ok(cidrContains(cidr, parseIp(ex.split('/')[0] as string)), `${ex} outside ${peer.ipBlock.cidr}`);
    }
  }
  for (const p of [...(policy.spec?.egress ?? []), ...(policy.spec?.ingress ?? [])].flatMap((r) => r.ports ?? [])) {
    if (p.endPort !== undefined) assert.ok(typeof p.port === 'number' && p.port < p.endPort);
  }
}

describe('compilePartitionPolicy (properties)', () => {
  test('exactly the blocked peers are denied; DNS, externals, other namespaces and non-targets are untouched', () => {
    fc.assert(
      fc.property(scenarioArb, fc.boolean(), (s, ipBlockMatchesPods) => {
        const m = materialise(s);
        const policy = compilePartitionPolicy({ spec: m.spec, faultId: s.faultId, targetUids: m.targetUids, blockedPodIps: m.blockedIps });
        const namespaces = NAMESPACES.map((name) => ({ name }));
        const endpoints: Endpoint[] = [...m.pods, ...EXTERNALS];
        for (const from of endpoints) {
          for (const to of endpoints) {
            if (from.kind === 'external' && to.kind === 'external') continue;
            for (const [port, protocol] of PROBES) {
              const got = isAllowed({ policies: [policy], namespaces, from, to, port, protocol, ipBlockMatchesPods });
              const want = expected(m.spec, m, from, to, port, protocol);
              if (got !== want) {
                assert.fail(
                  `${JSON.stringify(from)} → ${JSON.stringify(to)} ${protocol}/${port}: allowed=${got}, expected ${want}\n${JSON.stringify(policy.spec)}`,
                );
              }
            }
          }
        }
      }),
      { numRuns: 250 },
    );
  });

  test("deterministic, order- and duplicate-insensitive, apiserver-valid, selecting only the targets' uid labels", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const m = materialise(s);
        const policy = compilePartitionPolicy({ spec: m.spec, faultId: s.faultId, targetUids: m.targetUids, blockedPodIps: m.blockedIps });
        assert.deepEqual(compilePartitionPolicy({ spec: m.spec, faultId: s.faultId, targetUids: m.targetUids, blockedPodIps: m.blockedIps }), policy);
        // Merging NotIn values is idempotent: repeating or reordering selectors and IPs changes nothing.
        const shuffled = { ...m.spec, blockPods: [...m.spec.blockPods].reverse().concat(m.spec.blockPods) };
        const ips = [...m.blockedIps].reverse().concat(m.blockedIps);
        assert.deepEqual(compilePartitionPolicy({ spec: shuffled, faultId: s.faultId, targetUids: m.targetUids, blockedPodIps: ips }), policy);
        assert.deepEqual(
          compilePartitionPolicy({
            spec: m.spec,
            faultId: s.faultId,
            targetUids: [...m.targetUids].reverse().concat(m.targetUids),
            blockedPodIps: m.blockedIps,
          }),
          policy,
        );
        assert.deepEqual(policy.spec?.podSelector, podUidSelector(m.targetUids));
        for (const pod of m.pods) assert.equal(policySelects(policy, pod), m.isTarget(pod));
        assertValidForApiserver(policy);
      }),
      { numRuns: 300 },
    );
  });
});
