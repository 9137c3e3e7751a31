// Predicted reachability under a compiled partition, and its text table.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { V1Pod } from '@kubernetes/client-node';
import { compilePartitionPolicy } from '../../runner/faults/compile.ts';
import { formatMatrix, predictReachability } from '../../runner/faults/matrix.ts';
import { parsePartitionSpec } from '../../runner/faults/spec.ts';

const pod = (name: string, labels: Record<string, string>, ip: string): V1Pod => ({
  metadata: { name, namespace: 'dynamo', labels },
  status: { podIP: ip },
});
const pods = [
  pod('frontend-0', { app: 'frontend' }, '10.0.0.1'),
  pod('decode-0', { app: 'worker', 'netpart.dev/pod-uid': 'uid-decode-0' }, '10.0.0.2'),
  pod('decode-1', { app: 'worker' }, '10.0.0.4'),
  pod('nats-0', { 'app.kubernetes.io/name': 'nats' }, '10.0.0.3'),
];
const namespaces = [{ name: 'dynamo' }, { name: 'kube-system' }];

describe('predictReachability', () => {
  test('worker→NATS partition: only decode-0→nats-0 is cut; DNS, external and other replicas stay', () => {
    const spec = parsePartitionSpec({ namespace: 'dynamo', target: { prefix: 'decode' } });
    const policy = compilePartitionPolicy({ spec, faultId: 'abc123', targetUids: ['uid-decode-0'], blockedPodIps: ['10.0.0.3'] });
    const rows = predictReachability({ policies: [policy], pods, namespaces, port: 4222 });
    assert.equal(rows.length, 4 * 3 + 4 * 2);
    assert.deepEqual(
      rows.filter((r) => !r.allowed),
      [{ from: 'decode-0', to: 'nats-0', allowed: false }],
    );
    assert.ok(rows.some((r) => r.from === 'decode-0' && r.to === 'dns' && r.allowed));
    assert.ok(rows.some((r) => r.from === 'decode-0' && r.to === 'external 203.0.113.10' && r.allowed));
  });

  test('blockAllEgress cuts everything from the target except DNS', () => {
    const spec = parsePartitionSpec({ namespace: 'dynamo', target: { prefix: 'decode' }, blockNats: false, blockAllEgress: true });
    const policy = compilePartitionPolicy({ spec, faultId: 'abc123', targetUids: ['uid-decode-0'], blockedPodIps: [] });
    const fromTarget = predictReachability({ policies: [policy], pods, namespaces, port: 8000, externalIp: '198.51.100.1' }).filter(
      (r) => r.from === 'decode-0',
    );
    assert.deepEqual(
      fromTarget.map((r) => [r.to, r.allowed]),
      [
        ['decode-1', false],
        ['frontend-0', false],
        ['nats-0', false],
        ['dns', true],
        ['external 198.51.100.1', false],
      ],
    );
  });

  test('formatMatrix lays rows out per source with ✓/✗ and · for the diagonal', () => {
    const text = formatMatrix([
      { from: 'a', to: 'b', allowed: true },
      { from: 'b', to: 'a', allowed: false },
      { from: 'a', to: 'dns', allowed: true },
    ]);
    assert.equal(text, ['from \\ to  b  a  dns', 'a          ✓  ·  ✓', 'b          ·  ✗  ·'].join('\n'));
  });

  test('pods from several namespaces are labelled with their namespace', () => {
    const other: V1Pod = { metadata: { name: 'x', namespace: 'ops', labels: {} }, status: { podIP: '10.1.0.1' } };
    const rows = predictReachability({ policies: [], pods: [pods[0]!, other], namespaces, port: 80 });
    assert.deepEqual(rows.slice(0, 1), [{ from: 'dynamo/frontend-0', to: 'ops/x', allowed: true }]);
  });
});
