// Unit tests of the partition compiler: exact policy shapes for the cases users write most.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import { compilePartitionPolicy, complementPorts, MAX_NEGATED_PEERS, policyToWire } from '../../runner/faults/compile.ts';
import { parsePartitionSpec, type PartitionSpecInput } from '../../runner/faults/spec.ts';
import { ValidationError } from '../../runner/util/errors.ts';

const compile = (input: Partial<PartitionSpecInput>, blockedPodIps: string[] = []) =>
  compilePartitionPolicy({
    spec: parsePartitionSpec({ namespace: 'dynamo', target: { prefix: 'decode' }, ...input }),
    faultId: 'f1a2b3',
    targetUids: ['2c5ea0c4-5e1b-4b7a-9d7e-0b3f8e6b1a10'],
    blockedPodIps,
  });

const NOT_OWN_NS = { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['dynamo'] }] } };

describe('compilePartitionPolicy', () => {
  test('worker→NATS: metadata, uid-label selector, DNS, negated NATS peers, other namespaces, external with excepts', () => {
    const policy = compile({}, ['10.0.0.9', '10.0.0.7']);
    assert.deepEqual(policy.metadata, {
      name: 'netpart-f1a2b3',
      namespace: 'dynamo',
      labels: { 'app.kubernetes.io/managed-by': 'netpart', 'netpart.dev/fault-id': 'f1a2b3' },
    });
    assert.deepEqual(policy.spec?.podSelector, {
      matchExpressions: [{ key: 'netpart.dev/pod-uid', operator: 'In', values: ['2c5ea0c4-5e1b-4b7a-9d7e-0b3f8e6b1a10'] }],
    });
    assert.deepEqual(policy.spec?.policyTypes, ['Egress']);
    assert.equal(policy.spec?.ingress, undefined);
    const everyoneButNats = [
      { podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['dynamo-platform-nats', 'nats'] }] } },
      NOT_OWN_NS,
      { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.7/32', '10.0.0.9/32'] } },
      { ipBlock: { cidr: '::/0' } },
    ];
    assert.deepEqual(policy.spec?.egress, [
      // DNS to every server but the blocked pods: NATS must not stay reachable on port 53.
      {
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
        to: everyoneButNats,
      },
      { to: everyoneButNats },
    ]);
  });

  test('a two-label selector negates into two peers (an OR of NotIns)', () => {
    const policy = compile({ blockNats: false, blockPods: [{ labels: { app: 'frontend', tier: 'api' } }] });
    const to = policy.spec?.egress?.[1]?.to;
    assert.deepEqual(to?.slice(0, 2), [
      { podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['frontend'] }] } },
      { podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['api'] }] } },
    ]);
  });

  test('a blocked selector in another namespace: that namespace leaves the NotIn list and gets negated peers', () => {
    const policy = compile({ blockNats: true, natsNamespace: 'nats-system' });
    const to = policy.spec?.egress?.[1]?.to ?? [];
    assert.deepEqual(to[0], { podSelector: {} });
    assert.deepEqual(to[1], {
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['dynamo', 'nats-system'] }] },
    });
    assert.deepEqual(to[2], {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'nats-system' } },
      podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['dynamo-platform-nats', 'nats'] }] },
    });
  });

  test('IPv6 excepts only go in ::/0, equal addresses are merged, excepts are sorted', () => {
    const policy = compile({}, ['fd00::0:1', '10.1.0.2', 'FD00::1', '10.1.0.2', '9.9.9.9']);
    const blocks = policy.spec?.egress?.[1]?.to?.filter((p) => p.ipBlock).map((p) => p.ipBlock);
    assert.deepEqual(blocks, [
      { cidr: '0.0.0.0/0', except: ['9.9.9.9/32', '10.1.0.2/32'] },
      { cidr: '::/0', except: ['fd00::1/128'] },
    ]);
  });

  test('listed ports: blocked peers stay reachable on every other port and protocol', () => {
    const policy = compile({ ports: [{ port: 4222 }] });
    assert.deepEqual(policy.spec?.egress?.[2], {
      ports: [{ protocol: 'TCP', port: 1, endPort: 4221 }, { protocol: 'TCP', port: 4223, endPort: 65535 }, { protocol: 'UDP' }, { protocol: 'SCTP' }],
    });
  });

  test('complementPorts handles edges, adjacent ports and duplicates', () => {
    assert.deepEqual(
      complementPorts([
        { port: 1, protocol: 'UDP' },
        { port: 3, protocol: 'UDP' },
        { port: 4, protocol: 'UDP' },
        { port: 65535, protocol: 'UDP' },
        { port: 3, protocol: 'UDP' },
      ]),
      [{ protocol: 'TCP' }, { protocol: 'UDP', port: 2 }, { protocol: 'UDP', port: 5, endPort: 65534 }, { protocol: 'SCTP' }],
    );
  });

  test('blockAllEgress: egress allows only DNS and the allowed namespaces', () => {
    const policy = compile({ blockNats: false, blockAllEgress: true, allowNamespaces: ['monitoring', 'kube-system'] });
    const everyone = [{ podSelector: {} }, NOT_OWN_NS, { ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }];
    assert.deepEqual(policy.spec?.egress, [
      {
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
        to: everyone,
      },
      { to: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['kube-system', 'monitoring'] }] } }] },
    ]);
  });

  test('direction both: the ingress side lists the same peers and serializes as `from` for the apiserver', () => {
    const policy = compile({ direction: 'both' }, ['10.0.0.7']);
    assert.deepEqual(policy.spec?.policyTypes, ['Ingress', 'Egress']);
    assert.deepEqual(policy.spec?.ingress?.[0]?._from, policy.spec?.egress?.[1]?.to);
    const wire = ObjectSerializer.serialize(policy, 'V1NetworkPolicy', '') as { spec: { ingress: { from: unknown[] }[] } };
    assert.equal(wire.spec.ingress[0]?.from.length, 4);
    // Patch bodies are not serialized by client-node; policyToWire gives the apiserver's field names.
    const patched = JSON.parse(JSON.stringify(policyToWire(policy))) as { spec: { ingress: Record<string, unknown>[] } };
    assert.deepEqual(Object.keys(patched.spec.ingress[0] ?? {}), ['from']);
  });

  test('direction ingress has no egress rules and no DNS rule', () => {
    const policy = compile({ direction: 'ingress' });
    assert.deepEqual(policy.spec?.policyTypes, ['Ingress']);
    assert.equal(policy.spec?.egress, undefined);
  });

  test('too many selector combinations are refused, naming blockPods', () => {
    const labels = (i: number) => ({ [`a${i}`]: 'x', [`b${i}`]: 'x', [`c${i}`]: 'x', [`d${i}`]: 'x' });
    const blockPods = [0, 1, 2, 3, 4].map((i) => ({ labels: labels(i) }));
    assert.throws(
      () => compile({ blockNats: false, blockPods }),
      (err: unknown) => {
        assert.ok(err instanceof ValidationError);
        assert.match(err.message, /^blockPods: .*limit 256/);
        return true;
      },
    );
    assert.equal(MAX_NEGATED_PEERS, 256);
  });

  test('a NATS namespace that is also allowed is refused, naming allowNamespaces', () => {
    assert.throws(
      () => compile({ natsNamespace: 'nats', allowNamespaces: ['nats'] }),
      /NATS namespace "nats" is listed in allowNamespaces[\s\S]*at allowNamespaces/,
    );
  });

  test('bad fault ids, target uids and IPs are named', () => {
    const spec = parsePartitionSpec({ namespace: 'a', target: { prefix: 'x' } });
    assert.throws(() => compilePartitionPolicy({ spec, faultId: 'Bad_ID', targetUids: ['u1'], blockedPodIps: [] }), /faultId: "Bad_ID"/);
    assert.throws(() => compilePartitionPolicy({ spec, faultId: 'f1a2b3', targetUids: [], blockedPodIps: [] }), /targetUids: no target pod/);
    assert.throws(
      () => compilePartitionPolicy({ spec, faultId: 'f1a2b3', targetUids: ['u1', 'not a uid'], blockedPodIps: [] }),
      /targetUids: "not a uid" is not a pod uid/,
    );
    assert.throws(() => compile({}, ['10.0.0.1', '10.0.0.256']), /blockedPodIps\[1\]: "10.0.0.256" is not an IPv4 or IPv6 address/);
  });

  test('output is deterministic and never shares objects between calls', () => {
    const a = compile({ direction: 'both', ports: [{ port: 80 }] }, ['10.0.0.1']);
    const b = compile({ direction: 'both', ports: [{ port: 80 }] }, ['10.0.0.1']);
    assert.deepEqual(a, b);
    a.spec?.egress?.[0]?.ports?.push({ port: 1 });
    assert.deepEqual(compile({ direction: 'both', ports: [{ port: 80 }] }, ['10.0.0.1']), b);
  });
});

describe('an allowed namespace that holds blocked pods (a rule of the spec alone)', () => {
  test('parsePartitionSpec refuses it, naming the field and the fix, for blockPods and for NATS', () => {
    const base = { namespace: 'app', target: { prefix: 'worker' } };
    assert.throws(
      () => parsePartitionSpec({ ...base, blockNats: false, blockPods: [{ namespace: 'db', labels: { app: 'pg' } }], allowNamespaces: ['db'] }),
      (e: unknown) =>
        e instanceof ValidationError &&
        /namespace "db" is both blocked here and listed in allowNamespaces; remove one/.test(e.message) &&
        e.message.includes('blockPods[0].namespace'),
    );
    assert.throws(
      () => parsePartitionSpec({ ...base, natsNamespace: 'msg', allowNamespaces: ['msg'] }),
      (e: unknown) => e instanceof ValidationError && /NATS namespace "msg" is listed in allowNamespaces but blockNats is set/.test(e.message),
    );
  });
});
