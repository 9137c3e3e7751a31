import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { clusterSuite, serviceAccountKube } from '../support/cluster.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';
import { createLogger } from '../../runner/log/logger.ts';
import { startApiServer, type RunningApi } from '../../runner/api/start.ts';
import { serviceAccountCaller } from '../../runner/api/unauthenticated.ts';
import { POLICY_SELECTOR } from '../../runner/faults/labels.ts';

const c = clusterSuite();
const quiet = createLogger({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));

describe('--unauthenticated-as parsing', () => {
  test('a ServiceAccount user name gives the groups a token of it would carry', () => {
    assert.deepEqual(serviceAccountCaller('system:serviceaccount:fault-injection-system:client'), {
      username: 'system:serviceaccount:fault-injection-system:client',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:fault-injection-system', 'system:authenticated'],
    });
  });
  test('anything else is refused with the expected form', () => {
    for (const bad of ['alice', 'system:serviceaccount:ns', 'system:serviceaccount:NS:x', 'system:serviceaccount:ns:a:b', 'system:anonymous']) {
      assert.throws(() => serviceAccountCaller(bad), /system:serviceaccount:<namespace>:<name>/, bad);
    }
  });
});

async function call(api: RunningApi, method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const res = await fetch(api.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const body = (namespace: string) => ({
  partition_type: 'worker_nats',
  source: namespace,
  target: namespace,
  parameters: { target_pod_prefix: 'vllm-decode-worker' },
  duration: 120,
});

describe('token-less clients authorized as a configured ServiceAccount', { skip: c.skip }, () => {
  let ns = '';
  let other = '';
  let nobodyToken = '';
  const clusterBinding = `netpart-test-broad-${Math.random().toString(36).slice(2, 8)}`;
  const rbac = () => c.get().kube.config.makeApiClient(RbacAuthorizationV1Api);
  const start = (unauthenticatedAs: string, insecureNoAuth = false) =>
    startApiServer({ port: 0, host: '127.0.0.1', kube: c.get().kube, logger: quiet, sweepIntervalMs: 0, unauthenticatedAs, insecureNoAuth });
  const policies = async (namespace: string) =>
    (await c.get().kube.net.listNamespacedNetworkPolicy({ namespace, labelSelector: POLICY_SELECTOR })).items.length;

  before(async () => {
    const kube = c.get().kube;
    ns = await c.get().newNamespace('unauth');
    other = await c.get().newNamespace('unauth-other');
    await createRunningPods(kube, ns, dynamoPods());
    await createRunningPods(kube, other, dynamoPods());
    for (const name of ['compat', 'nobody', 'broad']) await kube.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name } } });
    const rules = [{ apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['create', 'delete', 'list', 'get'] }];
    await rbac().createNamespacedRole({ namespace: ns, body: { metadata: { name: 'faults' }, rules } });
    await rbac().createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'faults' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'faults' },
        subjects: [{ kind: 'ServiceAccount', name: 'compat', namespace: ns }],
      },
    });
    // An explicit ClusterRole: the testbed runs no aggregation controller, so the built-in "edit" role has no rules.
    await rbac().createClusterRole({ body: { metadata: { name: clusterBinding }, rules } });
    await rbac().createClusterRoleBinding({
      body: {
        metadata: { name: clusterBinding },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterBinding },
        subjects: [{ kind: 'ServiceAccount', name: 'broad', namespace: ns }],
      },
    });
    const nobody = await serviceAccountKube(c.get(), ns, 'nobody');
    nobodyToken = String((nobody.config.getCurrentUser() as { token?: string }).token);
  });
  after(async () => {
    if (c.skip) return;
    await rbac()
      .deleteClusterRoleBinding({ name: clusterBinding })
      .catch(() => undefined);
    await rbac()
      .deleteClusterRole({ name: clusterBinding })
      .catch(() => undefined);
  });

  test('no token → the configured identity, authorized per namespace; a token keeps its own identity; a bad token is 401', async () => {
    const api = await start(`system:serviceaccount:${ns}:compat`);
    try {
      const injected = await call(api, 'POST', '/api/v1/faults/network/inject', undefined, body(ns));
      assert.equal(injected.status, 200, JSON.stringify(injected.json));
      assert.equal(await policies(ns), 1);
      const listed = await call(api, 'GET', '/api/v1/faults?active_only=true');
      assert.deepEqual(
        (listed.json.faults as { id: string }[]).map((f) => f.id),
        [injected.json.fault_id],
      );
      // The identity has no rights in the other namespace: SubjectAccessReview still says no.
      const elsewhere = await call(api, 'POST', '/api/v1/faults/network/inject', undefined, body(other));
      assert.equal(elsewhere.status, 403, JSON.stringify(elsewhere.json));
      assert.match(String(elsewhere.json.detail), /may not create networkpolicies/);
      // A caller with a token is never upgraded to the token-less identity.
      assert.equal((await call(api, 'POST', '/api/v1/faults/network/inject', nobodyToken, body(ns))).status, 403);
      assert.equal((await call(api, 'POST', `/api/v1/faults/${String(injected.json.fault_id)}/recover`, nobodyToken)).status, 403);
      assert.equal((await call(api, 'GET', '/api/v1/faults', 'not-a-token')).status, 401);
      assert.equal((await call(api, 'GET', '/api/v1/faults', '')).status, 401, 'an empty Bearer is a malformed header, not a token-less request');
      assert.equal((await call(api, 'POST', `/api/v1/faults/${String(injected.json.fault_id)}/recover`)).status, 200);
      assert.equal(await policies(ns), 0);
      assert.equal(await policies(other), 0);
    } finally {
      await api.close();
    }
  });

  test('refuses to start when the identity may partition every namespace, unless --insecure-no-auth', async () => {
    await assert.rejects(start(`system:serviceaccount:${ns}:broad`), /refusing to start: .*may create networkpolicies in every namespace.*--insecure-no-auth/);
    const api = await start(`system:serviceaccount:${ns}:broad`, true);
    try {
      const injected = await call(api, 'POST', '/api/v1/faults/network/inject', undefined, body(other));
      assert.equal(injected.status, 200, 'accepted explicitly: the broad identity works, still through SubjectAccessReview');
      assert.equal((await call(api, 'POST', `/api/v1/faults/${String(injected.json.fault_id)}/recover`)).status, 200);
    } finally {
      await api.close();
    }
  });
});
