// The evaluator against hand-written policies in the shapes people apply with kubectl.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { isAllowed, policyTypesOf, type Endpoint, type PodEndpoint } from '../../runner/faults/evaluate.ts';

const pod = (namespace: string, name: string, labels: Record<string, string>, ip: string): PodEndpoint => ({ kind: 'pod', name, namespace, labels, ip });
const frontend = pod('app', 'frontend-0', { app: 'frontend' }, '10.0.0.1');
const worker = pod('app', 'worker-0', { app: 'worker', role: 'decode' }, '10.0.0.2');
const nats = pod('app', 'nats-0', { 'app.kubernetes.io/name': 'nats' }, '10.0.0.3');
const prom = pod('monitoring', 'prom-0', { app: 'prometheus' }, 'fd00::4');
const internet: Endpoint = { kind: 'external', ip: '203.0.113.9' };
const namespaces = [{ name: 'app' }, { name: 'monitoring', labels: { team: 'ops' } }];

const policies = (text: string): V1NetworkPolicy[] => text.split('\n---\n').map((doc) => parse(doc) as V1NetworkPolicy);
const allowed = (ps: V1NetworkPolicy[], from: Endpoint, to: Endpoint, port = 8000, protocol = 'TCP', ipBlockMatchesPods = false) =>
  isAllowed({ policies: ps, namespaces, from, to, port, protocol, ipBlockMatchesPods });

describe('isAllowed', () => {
  test('no policy: everything flows', () => {
    assert.ok(allowed([], worker, nats));
    assert.ok(allowed([], internet, worker));
  });

  test('default-deny egress isolates only the selected pods', () => {
    const ps = policies(`
metadata: {name: deny, namespace: app}
spec: {podSelector: {matchLabels: {app: worker}}, policyTypes: [Egress]}`);
    assert.ok(!allowed(ps, worker, nats));
    assert.ok(!allowed(ps, worker, internet));
    assert.ok(allowed(ps, frontend, worker), 'worker ingress is not isolated');
    assert.ok(allowed(ps, worker, worker), 'a pod talking to itself is never blocked');
  });

  test('ingress rules read as plain YAML `from`; bare podSelector peers stay in the policy namespace', () => {
    const ps = policies(`
metadata: {name: nats-ingress, namespace: app}
spec:
  podSelector: {matchLabels: {app.kubernetes.io/name: nats}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: worker}}}]
    ports: [{port: 4222}]`);
    assert.deepEqual(policyTypesOf(ps[0]!), ['Ingress']);
    assert.ok(allowed(ps, worker, nats, 4222));
    assert.ok(!allowed(ps, worker, nats, 8222), 'other port');
    assert.ok(!allowed(ps, worker, nats, 4222, 'UDP'), 'protocol defaults to TCP');
    assert.ok(!allowed(ps, frontend, nats, 4222));
    const otherNsWorker = pod('monitoring', 'worker-9', { app: 'worker' }, 'fd00::9');
    assert.ok(!allowed(ps, otherNsWorker, nats, 4222), 'same labels in another namespace do not match a bare podSelector');
  });

  test('namespaceSelector alone means all pods there; with a podSelector both must match', () => {
    const ps = policies(`
metadata: {name: from-ops, namespace: app}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: ops}}, podSelector: {matchLabels: {app: prometheus}}}]
---
metadata: {name: egress-any-ns, namespace: app}
spec:
  podSelector: {matchLabels: {app: frontend}}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [app]}]}}]`);
    assert.ok(allowed(ps, prom, worker));
    assert.ok(!allowed(ps, pod('monitoring', 'grafana', { app: 'grafana' }, 'fd00::5'), worker));
    assert.ok(!allowed(ps, frontend, worker), 'frontend egress only to other namespaces');
    assert.ok(allowed(ps, frontend, prom), 'egress to another namespace, and monitoring pods are not isolated');
    assert.ok(!allowed(ps, pod('monitoring', 'grafana', { app: 'grafana' }, 'fd00::5'), frontend), 'app pods are ingress-isolated except from ops prometheus');
    assert.ok(allowed(ps, frontend, pod('monitoring', 'x', {}, '10.9.9.9')));
  });

  test('ipBlock with except; pod IPs only when the CNI matches them', () => {
    const ps = policies(`
metadata: {name: ext, namespace: app}
spec:
  podSelector: {matchLabels: {app: worker}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [203.0.113.0/24, 10.0.0.3/32]}}, {ipBlock: {cidr: '::/0'}}]`);
    assert.ok(!allowed(ps, worker, internet));
    assert.ok(allowed(ps, worker, { kind: 'external', ip: '198.51.100.1' }));
    assert.ok(allowed(ps, worker, { kind: 'external', ip: '2001:db8::1' }));
    assert.ok(!allowed(ps, worker, frontend), 'pod IPs do not match ipBlock by default');
    assert.ok(allowed(ps, worker, frontend, 8000, 'TCP', true));
    assert.ok(!allowed(ps, worker, nats, 8000, 'TCP', true), 'excepted pod IP');
  });

  test('port ranges with endPort and named ports', () => {
    const ps = policies(`
metadata: {name: ranges, namespace: app}
spec:
  podSelector: {matchLabels: {app: worker}}
  policyTypes: [Egress]
  egress:
  - ports: [{port: 1000, endPort: 2000, protocol: UDP}, {port: client}]`);
    assert.ok(allowed(ps, worker, nats, 1000, 'UDP'));
    assert.ok(allowed(ps, worker, nats, 2000, 'UDP'));
    assert.ok(!allowed(ps, worker, nats, 2001, 'UDP'));
    assert.ok(!allowed(ps, worker, nats, 1500, 'TCP'));
    assert.ok(!allowed(ps, worker, nats, 4222), 'named port unknown without the pod declaring it');
    const natsWithPort: PodEndpoint = { ...nats, namedPorts: { client: { port: 4222 } } };
    assert.ok(allowed(ps, worker, natsWithPort, 4222));
  });

  test('a connection needs both the egress and the ingress side', () => {
    const ps = policies(`
metadata: {name: eg, namespace: app}
spec:
  podSelector: {matchLabels: {app: worker}}
  egress: [{to: [{podSelector: {}}]}]
---
metadata: {name: in, namespace: app}
spec: {podSelector: {matchLabels: {app: frontend}}, ingress: []}`);
    assert.deepEqual(policyTypesOf(ps[0]!), ['Ingress', 'Egress']);
    assert.ok(!allowed(ps, worker, frontend), 'frontend ingress is isolated with no rules');
    assert.ok(!allowed(ps, frontend, worker), 'worker ingress is isolated by the first policy (types inferred)');
    assert.ok(allowed(ps, worker, nats));
  });
});
