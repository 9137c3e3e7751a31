import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderKustomize, type Manifest } from './kustomize.ts';

const find = (docs: Manifest[], kind: string, name: string, namespace?: string): Manifest =>
  docs.find((d) => d.kind === kind && d.metadata.name === name && (namespace === undefined || d.metadata.namespace === namespace)) ??
  assert.fail(`${kind} ${namespace ?? ''}/${name} missing`);

describe('manifests/overlays/dynamo-compat', () => {
  const docs = renderKustomize('manifests/overlays/dynamo-compat');

  test("the guide's address: Service fault-injection-api in fault-injection-system on 8080, selecting the API pods", () => {
    const svc = find(docs, 'Service', 'fault-injection-api', 'fault-injection-system');
    assert.deepEqual(
      svc.spec.ports.map((p: { port: number }) => p.port),
      [8080],
    );
    const deploy = find(docs, 'Deployment', 'netpart-api', 'fault-injection-system');
    for (const [k, v] of Object.entries(svc.spec.selector as Record<string, string>)) assert.equal(deploy.spec.template.metadata.labels[k], v);
    assert.equal(deploy.spec.template.spec.containers[0].ports[0].containerPort, 8080);
    find(docs, 'Namespace', 'fault-injection-system');
    assert.ok(!docs.some((d) => d.metadata.namespace === 'netpart' || (d.kind === 'Namespace' && d.metadata.name === 'netpart')), 'nothing left in netpart');
  });

  test('token-less callers count as fault-injection-client, which has no token and no cluster-wide grant', () => {
    const env = find(docs, 'Deployment', 'netpart-api').spec.template.spec.containers[0].env as { name: string; value?: string }[];
    assert.equal(env.find((e) => e.name === 'NETPART_UNAUTHENTICATED_AS')?.value, 'system:serviceaccount:fault-injection-system:fault-injection-client');
    assert.equal(find(docs, 'ServiceAccount', 'fault-injection-client', 'fault-injection-system').automountServiceAccountToken, false);
    for (const crb of docs.filter((d) => d.kind === 'ClusterRoleBinding')) {
      assert.ok(
        !crb.subjects.some((s: { name: string }) => s.name === 'fault-injection-client'),
        `${crb.metadata.name} binds the token-less identity cluster-wide`,
      );
    }
    const client = find(docs, 'ClusterRole', 'fault-injection-client');
    assert.deepEqual(client.rules, [{ apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['create', 'delete', 'list'] }]);
  });

  test('the app namespaces are one list: the ConfigMap the API reads and one pair of RoleBindings each, nothing else', () => {
    const listed = String(find(docs, 'ConfigMap', 'fault-injection-app-namespaces', 'fault-injection-system').data.namespaces)
      .split(',')
      .map((n) => n.trim())
      .sort();
    const bound = (name: string) =>
      docs
        .filter((d) => d.kind === 'RoleBinding' && d.metadata.name === name)
        .map((d) => d.metadata.namespace)
        .sort();
    assert.deepEqual(bound('fault-injection-api'), listed);
    assert.deepEqual(bound('fault-injection-client'), listed);
    assert.ok(!docs.some((d) => d.kind === 'Role'), 'the base Role for "dynamo" is replaced by the ClusterRole bound per namespace');
    assert.ok(!docs.some((d) => d.kind === 'RoleBinding' && d.metadata.namespace === 'fault-injection-system'), 'no rights in its own namespace');
    const env = find(docs, 'Deployment', 'netpart-api').spec.template.spec.containers[0].env as { name: string; valueFrom?: any }[];
    assert.deepEqual(env.find((e) => e.name === 'NETPART_NAMESPACES')?.valueFrom, {
      configMapKeyRef: { name: 'fault-injection-app-namespaces', key: 'namespaces' },
    });
  });

  test('only labelled pods may reach the API', () => {
    const np = find(docs, 'NetworkPolicy', 'netpart-api-ingress', 'fault-injection-system');
    assert.deepEqual(np.spec.policyTypes, ['Ingress']);
    assert.deepEqual(np.spec.ingress[0].from, [{ namespaceSelector: {}, podSelector: { matchLabels: { 'netpart.dev/api-client': 'true' } } }]);
  });
});
