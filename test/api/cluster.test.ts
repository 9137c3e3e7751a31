import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';
import { createLogger } from '../../runner/log/logger.ts';
import { startApiServer, type RunningApi } from '../../runner/api/start.ts';
import { POLICY_SELECTOR } from '../../runner/faults/labels.ts';
import { createFaultEngine } from '../../runner/faults/engine.ts';

const c = clusterSuite();
const quiet = createLogger({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));

async function saToken(namespace: string, name: string): Promise<string> {
  const kube = c.get().kube;
  await kube.core.createNamespacedServiceAccount({ namespace, body: { metadata: { name } } });
  const res = await kube.core.createNamespacedServiceAccountToken({ name, namespace, body: { spec: { audiences: [], expirationSeconds: 3600 } } });
  return res.status?.token ?? assert.fail('no token');
}

async function grantNetworkPolicies(namespace: string, sa: string): Promise<void> {
  const kube = c.get().kube;
  const rbac = kube.config.makeApiClient((await import('@kubernetes/client-node')).RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({
    namespace,
    body: {
      metadata: { name: 'faults' },
      rules: [{ apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['create', 'delete', 'list', 'get'] }],
    },
  });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name: 'faults' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'faults' },
      subjects: [{ kind: 'ServiceAccount', name: sa, namespace }],
    },
  });
}

const start = () => startApiServer({ port: 0, host: '127.0.0.1', kube: c.get().kube, logger: quiet, sweepIntervalMs: 0 });

async function call(api: RunningApi, method: string, path: string, token?: string, body?: unknown, raw?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(api.url + path, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

// Exactly the JSON the Python client's inject_network_partition(..., **kwargs) sends.
const pythonBody = (namespace: string) => ({
  partition_type: 'worker_nats',
  source: namespace,
  target: namespace,
  mode: 'networkpolicy',
  parameters: { namespace, target_pod_prefix: 'vllm-decode-worker', block_nats: true },
  duration: 120,
});

const policies = async (namespace: string) =>
  (await c.get().kube.net.listNamespacedNetworkPolicy({ namespace, labelSelector: POLICY_SELECTOR })).items.map((p) => p.metadata?.name);

describe('API service on the testbed', { skip: c.skip }, () => {
  let ns = '';
  let allowed = '';
  let denied = '';
  before(async () => {
    ns = await c.get().newNamespace('api');
    await createRunningPods(c.get().kube, ns, dynamoPods());
    allowed = await saToken(ns, 'tester');
    denied = await saToken(ns, 'nobody');
    await grantNetworkPolicies(ns, 'tester');
  });

  test('full lifecycle over HTTP with the Python client JSON and a permitted ServiceAccount', async () => {
    const api = await start();
    try {
      const a = await call(api, 'POST', '/api/v1/faults/network/inject', allowed, pythonBody(ns));
      assert.equal(a.status, 200, JSON.stringify(a.json));
      const b = await call(api, 'POST', '/api/v1/faults/network/inject', allowed, pythonBody(ns));
      assert.equal(b.status, 200, JSON.stringify(b.json));
      const id = String(a.json.fault_id);
      assert.deepEqual(await policies(ns).then((p) => p.sort()), [`netpart-${id}`, `netpart-${String(b.json.fault_id)}`].sort());
      const got = await call(api, 'GET', `/api/v1/faults/${id}`, allowed);
      assert.equal(got.status, 200);
      assert.equal((got.json.details as { partition_type: string }).partition_type, 'worker_nats');
      const listed = await call(api, 'GET', '/api/v1/faults?active_only=true', allowed);
      assert.ok((listed.json.faults as { id: string }[]).some((f) => f.id === id));
      assert.equal((await call(api, 'POST', `/api/v1/faults/${id}/recover`, allowed)).status, 200);
      assert.equal((await call(api, 'POST', `/api/v1/faults/${id}/recover`, allowed)).status, 200, 'recover twice is 200');
      assert.deepEqual(await policies(ns), [`netpart-${String(b.json.fault_id)}`]);
      const clean = await call(api, 'POST', `/api/v1/faults/network/cleanup?namespace=${ns}`, allowed);
      assert.equal(clean.status, 200, JSON.stringify(clean.json));
      assert.deepEqual(clean.json.deleted_policy_names, [`netpart-${String(b.json.fault_id)}`]);
      assert.deepEqual(await policies(ns), []);
    } finally {
      await api.close();
    }
  });

  test('no token → 401, a ServiceAccount without rights → 403, and nothing is created', async () => {
    const api = await start();
    try {
      const none = await call(api, 'POST', '/api/v1/faults/network/inject', undefined, pythonBody(ns));
      assert.equal(none.status, 401);
      assert.match(String(none.json.detail), /bearer token/);
      assert.equal((await call(api, 'GET', '/api/v1/faults', 'not-a-token')).status, 401);
      const forbidden = await call(api, 'POST', '/api/v1/faults/network/inject', denied, pythonBody(ns));
      assert.equal(forbidden.status, 403);
      assert.match(String(forbidden.json.detail), /may not create networkpolicies/);
      assert.equal((await call(api, 'POST', `/api/v1/faults/network/cleanup?namespace=${ns}`, denied)).status, 403);
      assert.equal((await call(api, 'GET', '/health')).status, 200, 'health needs no auth');
      assert.deepEqual(await policies(ns), []);
    } finally {
      await api.close();
    }
  });

  test('a restart of the service mid-fault keeps the fault listable and recoverable', async () => {
    const first = await start();
    const injected = await call(first, 'POST', '/api/v1/faults/network/inject', allowed, pythonBody(ns));
    assert.equal(injected.status, 200, JSON.stringify(injected.json));
    await first.close();
    const second = await start();
    try {
      const id = String(injected.json.fault_id);
      const listed = await call(second, 'GET', '/api/v1/faults', allowed);
      assert.ok(
        (listed.json.faults as { id: string }[]).some((f) => f.id === id),
        'listed after restart',
      );
      assert.equal((await call(second, 'GET', `/api/v1/faults/${id}`, allowed)).json.target, `${ns} -> ${ns}`);
      assert.equal((await call(second, 'POST', `/api/v1/faults/${id}/recover`, allowed)).status, 200);
      assert.deepEqual(await policies(ns), []);
    } finally {
      await second.close();
    }
  });

  test('a fault that expired while the service was down: get and recover 200 (from its Events); an id that never existed 404', async () => {
    const first = await start();
    const injected = await call(first, 'POST', '/api/v1/faults/network/inject', allowed, { ...pythonBody(ns), duration: 2 });
    assert.equal(injected.status, 200, JSON.stringify(injected.json));
    await first.close();
    const id = String(injected.json.fault_id);
    // Nothing of ours runs now: the fault's expiry Job ends it.
    await waitFor('Kubernetes to remove the expired fault', async () => !(await policies(ns)).includes(`netpart-${id}`));
    const second = await start();
    try {
      const got = await call(second, 'GET', `/api/v1/faults/${id}`, allowed);
      assert.equal(got.status, 200, JSON.stringify(got.json));
      assert.equal(got.json.status, 'recovered');
      assert.equal((got.json.details as { partition_type: string }).partition_type, 'worker_nats');
      const recovered = await call(second, 'POST', `/api/v1/faults/${id}/recover`, allowed);
      assert.equal(recovered.status, 200);
      assert.match(String(recovered.json.message), /already expired/);
      assert.equal(recovered.json.recovered_at, injected.json.expires_at);
      assert.equal((await call(second, 'POST', '/api/v1/faults/abcdef1234/recover', allowed)).status, 404, 'never existed');
      assert.equal((await call(second, 'GET', '/api/v1/faults/abcdef1234', allowed)).status, 404);
      assert.equal((await call(second, 'POST', `/api/v1/faults/${id}/recover`, denied)).status, 403, 'no delete right: 403, as for an active fault');
      // Nothing is left to remove (the pods' uid labels are not fault state); the next sweep writes the unwatched end.
      const swept = await createFaultEngine(c.get().kube, { namespaces: [ns] }).sweep({ namespaces: [ns] });
      assert.deepEqual(swept.removedLabels, []);
      assert.deepEqual(
        swept.recordedEnds?.map((e) => [e.faultId, e.reason]),
        [[id, 'FaultExpired']],
      );
    } finally {
      await second.close();
    }
  });

  test('fuzzed bodies against the real engine never give 500 and never create anything', async () => {
    const api = await start();
    try {
      const body = fc.record(
        {
          partition_type: fc.oneof(fc.constantFrom('custom', 'worker_nats', 'bogus'), fc.jsonValue()),
          source: fc.oneof(fc.constant(ns), fc.jsonValue()),
          target: fc.jsonValue(),
          mode: fc.constantFrom('networkpolicy', 'chaos_mesh', 7),
          parameters: fc.record(
            {
              target_pod_prefix: fc.oneof(fc.constantFrom('', 'vllm-decode-worker', 'no-such-pod'), fc.jsonValue()),
              block_nats: fc.jsonValue(),
              block_ports: fc.jsonValue(),
              unknown_knob: fc.jsonValue(),
            },
            { requiredKeys: ['unknown_knob'] },
          ),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const res = await call(api, 'POST', '/api/v1/faults/network/inject', allowed, b);
          assert.ok(res.status === 422 || res.status === 501, `status ${res.status}: ${JSON.stringify(res.json)}`);
        }),
        { numRuns: 60 },
      );
      assert.deepEqual(await policies(ns), []);
      const pods = await c.get().kube.core.listNamespacedPod({ namespace: ns });
      assert.ok(
        pods.items.every((p) => !Object.keys(p.metadata?.labels ?? {}).some((k) => k.startsWith('fault.netpart.dev/'))),
        'no target labels left',
      );
    } finally {
      await api.close();
    }
  });

  test('latency of inject+recover over HTTP (reported, not asserted)', async () => {
    const api = await start();
    try {
      const samples: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        const r = await call(api, 'POST', '/api/v1/faults/network/inject', allowed, pythonBody(ns));
        assert.equal(r.status, 200, JSON.stringify(r.json));
        assert.equal((await call(api, 'POST', `/api/v1/faults/${String(r.json.fault_id)}/recover`, allowed)).status, 200);
        samples.push(performance.now() - t0);
      }
      samples.sort((x, y) => x - y);
      const p50 = samples[Math.floor(samples.length / 2)] ?? NaN;
      console.log(
        `API LATENCY: inject+recover over HTTP with TokenReview+SAR, p50 = ${p50.toFixed(1)} ms (n=${samples.length}, min ${samples[0]?.toFixed(1)} ms, max ${samples.at(-1)?.toFixed(1)} ms)`,
      );
      assert.deepEqual(await policies(ns), []);
    } finally {
      await api.close();
    }
  });
});
