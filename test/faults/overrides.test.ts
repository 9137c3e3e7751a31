// Preflight analysis against policies teams really have: allow-all egress, allow-to-NATS, unrelated ones.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { V1NetworkPolicy, V1Pod } from '@kubernetes/client-node';
import { findOverridingPolicies } from '../../runner/faults/overrides.ts';
import { parsePartitionSpec, type PartitionSpecInput } from '../../runner/faults/spec.ts';

const pod = (name: string, labels: Record<string, string>, ip: string, ports: { name: string; containerPort: number }[] = []): V1Pod => ({
  metadata: { name, namespace: 'dynamo', labels },
  spec: { containers: [{ name: 'c', ports }] },
  status: { podIP: ip },
});
const worker = pod('decode-0', { app: 'worker', 'fault.netpart.dev/abc123': 'target' }, '10.0.0.2');
const nats = pod('nats-0', { 'app.kubernetes.io/name': 'nats' }, '10.0.0.3', [{ name: 'client', containerPort: 4222 }]);
const frontend = pod('frontend-0', { app: 'frontend' }, '10.0.0.1');
const namespaces = [{ name: 'dynamo' }, { name: 'monitoring' }];

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
    assert.deepEqual(find([allowAllEgress]), [
      { policy: 'allow-all-egress', target: 'dynamo/decode-0', peer: 'dynamo/nats-0', direction: 'egress' },
    ]);
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
    assert.deepEqual(find([range], { ports }).map((f) => [f.policy, f.port]), [['high-ports', 'TCP/4222']]);
    assert.deepEqual(find([named], { ports }).map((f) => [f.policy, f.port]), [['named', 'TCP/4222']]);
  });

  test('ipBlock allows are flagged as CNI-dependent unless the peer IP is excepted', () => {
    const internet = policy(`
metadata: {name: internet, namespace: dynamo}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]}`);
    const internetExceptPods = policy(`
metadata: {name: internet-no-pods, namespace: dynamo}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}]}`);
    assert.deepEqual(find([internet]), [
      { policy: 'internet', target: 'dynamo/decode-0', peer: 'dynamo/nats-0', direction: 'egress', via: 'ipBlock' },
    ]);
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
    assert.deepEqual(find([internetExceptPods], spec, []).map((f) => f.peer), ['0.0.0.0']);
    assert.deepEqual(find([toMonitoring], spec, []).map((f) => f.peer), ['monitoring/*']);
    assert.deepEqual(find([toMonitoring], { ...spec, allowNamespaces: ['monitoring'] }, []), []);
  });
});
