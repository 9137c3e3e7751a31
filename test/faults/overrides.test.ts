// Preflight analysis against policies teams really have: allow-all egress, allow-to-NATS, unrelated ones.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import fc from 'fast-check';
import type { V1NetworkPolicy, V1NetworkPolicySpec, V1Pod } from '@kubernetes/client-node';
import { compilePartitionPolicy } from '../../runner/faults/compile.ts';
import { egressAllowed, type PodEndpoint } from '../../runner/faults/evaluate.ts';
import { findIsolatingPolicies, findOverridingPolicies } from '../../runner/faults/overrides.ts';
import { parsePartitionSpec, type PartitionSpecInput } from '../../runner/faults/spec.ts';

const pod = (name: string, labels: Record<string, string>, ip: string, ports: { name: string; containerPort: number }[] = []): V1Pod => ({
  metadata: { name, namespace: 'dynamo', labels },
  spec: { containers: [{ name: 'c', ports }] },
  status: { podIP: ip },
});
const worker = pod('decode-0', { app: 'worker', 'netpart.dev/pod-uid': 'uid-decode-0' }, '10.0.0.2');
const nats = pod('nats-0', { 'app.kubernetes.io/name': 'nats' }, '10.0.0.3', [{ name: 'client', containerPort: 4222 }]);
const frontend = pod('frontend-0', { app: 'frontend' }, '10.0.0.1');
const namespaces = [{ name: 'dynamo' }, { name: 'monitoring' }, { name: 'ops' }];

const policy = (yamlText: string): V1NetworkPolicy => parse(yamlText) as V1NetworkPolicy;
const find = (existing: V1NetworkPolicy[], spec: Partial<PartitionSpecInput> = {}, blockedPods: V1Pod[] = [nats]) =>
  findOverridingPolicies({
    existing,
    targets: [worker],
    blockedPods,
    namespaces,
    spec: parsePartitionSpec({ namespace: 'dynamo', target: { prefix: 'decode' }, ...spec }),
  });

const allowAllEgress = policy(`
metadata: {name: allow-all-egress, namespace: dynamo}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{}]}`);
const allowNats = policy(`
metadata: {name: workers-to-nats, namespace: dynamo}
spec:
  podSelector: {matchLabels: {app: worker}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app.kubernetes.io/name: nats}}}]
    ports: [{port: 4222}]
  - ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]`);

describe('findOverridingPolicies', () => {
  test('an allow-all egress policy overrides a worker→NATS partition on every port', () => {
    assert.deepEqual(find([allowAllEgress]), [{ policy: 'allow-all-egress', target: 'dynamo/decode-0', peer: 'dynamo/nats-0', direction: 'egress' }]);
  });

  test('an allow-to-NATS-by-label policy overrides it on 4222; its DNS rule does not count', () => {
    assert.deepEqual(find([allowNats]), [
      { policy: 'workers-to-nats', target: 'dynamo/decode-0', peer: 'dynamo/nats-0', port: 'TCP/4222', direction: 'egress' },
    ]);
  });

  test('unrelated policies, our own policies and other directions are not findings', () => {
    const frontendOnly = policy(`
metadata: {name: frontend-egress, namespace: dynamo}
spec: {podSelector: {matchLabels: {app: frontend}}, policyTypes: [Egress], egress: [{}]}`);
    const dnsOnly = policy(`
metadata: {name: dns-only, namespace: dynamo}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{ports: [{port: 53, protocol: UDP}]}]}`);
    const otherNamespace = policy(`
metadata: {name: allow-all, namespace: monitoring}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{}]}`);
    const ours = policy(`
metadata: {name: netpart-old, namespace: dynamo, labels: {app.kubernetes.io/managed-by: netpart}}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{}]}`);
    const ingressOnly = policy(`
metadata: {name: nats-ingress, namespace: dynamo}
spec: {podSelector: {}, ingress: [{}]}`);
    assert.deepEqual(find([frontendOnly, dnsOnly, otherNamespace, ours, ingressOnly]), []);
  });

  test('ingress partitions look at ingress rules on the target', () => {
    const fromFrontend = policy(`
metadata: {name: worker-from-frontend, namespace: dynamo}
spec:
  podSelector: {matchLabels: {app: worker}}
  ingress: [{from: [{podSelector: {matchLabels: {app: frontend}}}], ports: [{port: 8000}]}]`);
    const spec = { blockNats: false, blockPods: [{ labels: { app: 'frontend' } }] };
    assert.deepEqual(find([fromFrontend], { ...spec, direction: 'ingress' }, [frontend]), [
      { policy: 'worker-from-frontend', target: 'dynamo/decode-0', peer: 'dynamo/frontend-0', port: 'TCP/8000', direction: 'ingress' },
    ]);
    assert.deepEqual(find([fromFrontend], { ...spec, direction: 'egress' }, [frontend]), []);
  });

  test('listed ports: only allows on those ports count; ranges and named ports are resolved', () => {
    const monitoringPort = policy(`
metadata: {name: nats-monitoring, namespace: dynamo}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{ports: [{port: 8222}]}]}`);
    const range = policy(`
metadata: {name: high-ports, namespace: dynamo}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{ports: [{port: 4000, endPort: 5000}]}]}`);
    const named = policy(`
metadata: {name: named, namespace: dynamo}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{ports: [{port: client}]}]}`);
    const ports = [{ port: 4222 }];
    assert.deepEqual(find([monitoringPort], { ports }), []);
    assert.deepEqual(
      find([range], { ports }).map((f) => [f.policy, f.port]),
      [['high-ports', 'TCP/4222']],
    );
    assert.deepEqual(
      find([named], { ports }).map((f) => [f.policy, f.port]),
      [['named', 'TCP/4222']],
    );
  });

  test('ipBlock allows are flagged as CNI-dependent unless the peer IP is excepted', () => {
    const internet = policy(`
metadata: {name: internet, namespace: dynamo}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]}`);
    const internetExceptPods = policy(`
metadata: {name: internet-no-pods, namespace: dynamo}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}]}`);
    assert.deepEqual(find([internet]), [{ policy: 'internet', target: 'dynamo/decode-0', peer: 'dynamo/nats-0', direction: 'egress', via: 'ipBlock' }]);
    assert.deepEqual(find([internetExceptPods]), []);
  });

  test('blockAllEgress: an allow to the internet or to another namespace overrides it; allowed namespaces do not', () => {
    const internetExceptPods = policy(`
metadata: {name: internet-no-pods, namespace: dynamo}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}]}`);
    const toMonitoring = policy(`
metadata: {name: to-monitoring, namespace: dynamo}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]}]`);
    const spec = { blockNats: false, blockAllEgress: true };
    assert.deepEqual(
      find([internetExceptPods], spec, []).map((f) => f.peer),
      ['0.0.0.0'],
    );
    assert.deepEqual(
      find([toMonitoring], spec, []).map((f) => f.peer),
      ['monitoring/*'],
    );
    assert.deepEqual(find([toMonitoring], { ...spec, allowNamespaces: ['monitoring'] }, []), []);
  });
});

describe('findIsolatingPolicies', () => {
  test('a default-deny egress policy on the target is reported: the partition would widen its egress', () => {
    const denyEgress = policy(`
metadata: {name: default-deny-egress, namespace: dynamo}
spec: {podSelector: {}, policyTypes: [Egress]}`);
    const ingressOnly = policy(`
metadata: {name: ingress-only, namespace: dynamo}
spec: {podSelector: {}, ingress: [{}]}`);
    const spec = parsePartitionSpec({ namespace: 'dynamo', target: { prefix: 'decode' } });
    assert.deepEqual(findIsolatingPolicies({ existing: [denyEgress, ingressOnly], targets: [worker], spec }), [
      { policy: 'default-deny-egress', target: 'dynamo/decode-0', direction: 'egress' },
    ]);
    const both = parsePartitionSpec({ namespace: 'dynamo', target: { prefix: 'decode' }, direction: 'both' });
    assert.equal(findIsolatingPolicies({ existing: [denyEgress, ingressOnly], targets: [worker], spec: both }).length, 2);
    const denyWorkers = policy(`
metadata: {name: deny-workers, namespace: dynamo}
spec: {podSelector: {matchLabels: {app: worker}}, policyTypes: [Egress]}`);
    assert.equal(findIsolatingPolicies({ existing: [denyWorkers], targets: [frontend], spec: both }).length, 0, 'policy does not select the frontend');
  });
});

describe('findOverridingPolicies (property)', () => {
  // Cross-check with the evaluator: a finding for (target, peer) exists exactly when, with the partition in
  // place next to the existing policies, the target's egress still admits that blocked peer on some cut port.
  const selectorArb = fc.constantFrom<Record<string, string>>({}, { app: 'worker' }, { app: 'frontend' });
  const ruleArb = fc.constantFrom<unknown>(
    {},
    { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'nats' } } }], ports: [{ port: 4222 }] },
    { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }] },
    { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.3.0/24'] } }] },
    {
      ports: [
        { port: 53, protocol: 'UDP' },
        { port: 53, protocol: 'TCP' },
      ],
    },
    { to: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 8000 }] },
    { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }] },
    { ports: [{ protocol: 'SCTP' }] },
  );
  const policyArb = fc.record({ podSelector: selectorArb, egress: fc.array(ruleArb, { maxLength: 2 }) });
  const podArb = fc.record({
    namespace: fc.constantFrom('dynamo', 'ops'),
    labels: fc.constantFrom<Record<string, string>>({ app: 'worker' }, { app: 'frontend' }, { 'app.kubernetes.io/name': 'nats' }, {}),
  });
  const probes: [number, string][] = [
    [4222, 'TCP'],
    [8000, 'TCP'],
    [9000, 'UDP'],
    [9000, 'SCTP'],
  ];

  test('findings ⇔ the evaluator still sees an allowed cut connection', () => {
    fc.assert(
      fc.property(fc.array(policyArb, { maxLength: 3 }), fc.array(podArb, { minLength: 1, maxLength: 6 }), (raw, rawPods) => {
        const existing: V1NetworkPolicy[] = raw.map((p, i) => ({
          metadata: { name: `p${i}`, namespace: 'dynamo' },
          spec: { podSelector: { matchLabels: p.podSelector }, policyTypes: ['Egress'], egress: p.egress as V1NetworkPolicySpec['egress'] },
        }));
        const target: PodEndpoint = {
          kind: 'pod',
          name: 't',
          namespace: 'dynamo',
          labels: { app: 'worker', 'netpart.dev/pod-uid': 'uid-decode-0' },
          ip: '10.0.9.9',
        };
        const all: PodEndpoint[] = rawPods.map((p, i) => ({ kind: 'pod', name: `q${i}`, ...p, ip: `10.0.${i}.1` }));
        const spec = parsePartitionSpec({ namespace: 'dynamo', target: { prefix: 't' }, blockPods: [{ labels: { app: 'frontend' }, namespace: 'ops' }] });
        const blocked = all.filter(
          (p) => (p.namespace === 'dynamo' && p.labels['app.kubernetes.io/name'] === 'nats') || (p.namespace === 'ops' && p.labels.app === 'frontend'),
        );
        const partition = compilePartitionPolicy({ spec, faultId: 'abc123', targetUids: ['uid-decode-0'], blockedPodIps: blocked.map((p) => p.ip as string) });
        const findings = findOverridingPolicies({ existing, targets: [target], blockedPods: blocked, namespaces, spec });
        for (const peer of blocked) {
          const found = findings.some((f) => f.peer === `${peer.namespace}/${peer.name}`);
          const open = probes.some(([port, protocol]) =>
            egressAllowed({ policies: [...existing, partition], namespaces, from: target, to: peer, port, protocol, ipBlockMatchesPods: true }),
          );
          assert.equal(found, open, `${peer.namespace}/${peer.name}: finding=${found}, still open=${open}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
