import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import fc from 'fast-check';
import { createLogger } from '../../runner/log/logger.ts';
import { createApiServer } from '../../runner/api/server.ts';
import type { FaultEngine } from '../../runner/faults/types.ts';
import type { Fault } from '../../runner/faults/types.ts';
import type { FaultTrace } from '../../runner/faults/events/trace.ts';
import { parsePartitionSpec, type PartitionSpecInput } from '../../runner/faults/spec.ts';
import { Writable } from 'node:stream';

const ENDED_SPEC = parsePartitionSpec({ namespace: 'dynamo', target: { prefix: 'w' }, duration: 5 });
const endedFault = (id: string): Fault => ({
  id,
  policyName: `netpart-${id}`,
  namespace: 'dynamo',
  targetPods: [{ name: 'w-0', namespace: 'dynamo' }],
  blockedPods: [],
  injectedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-01-01T00:00:05.000Z',
  spec: ENDED_SPEC,
  owner: 'cli/x',
  status: 'recovered',
});
const ENDED: Record<string, FaultTrace> = {
  expiredunseen: {
    faultId: 'expiredunseen',
    namespace: 'dynamo',
    fault: endedFault('expiredunseen'),
    subjects: { namespace: 'dynamo', targets: [{ name: 'w-0' }] },
  },
  sweptfault1: {
    faultId: 'sweptfault1',
    namespace: 'dynamo',
    fault: endedFault('sweptfault1'),
    subjects: { namespace: 'dynamo', targets: [] },
    ended: { reason: 'FaultSwept', at: '2026-01-01T00:00:03.000Z', note: '' },
  },
};

// An in-memory engine that counts calls: the point here is the HTTP + validation layer, not Kubernetes.
function countingEngine() {
  const faults = new Map<string, Fault>();
  const calls = { inject: 0, recover: 0, sweep: 0 };
  let next = 0;
  const engine: FaultEngine = {
    plan: async () => assert.fail('plan is not used by the API'),
    inject: async (input: PartitionSpecInput, options) => {
      calls.inject++;
      const spec = parsePartitionSpec(input);
      const id = `f${String(++next).padStart(8, '0')}`;
      const fault: Fault = {
        id,
        policyName: `netpart-${id}`,
        namespace: spec.namespace,
        targetPods: [{ name: 'w-0', namespace: spec.namespace }],
        blockedPods: [],
        injectedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
        spec,
        owner: options?.owner ?? '',
        status: 'active',
        meta: options?.meta,
      };
      faults.set(id, fault);
      return fault;
    },
    recover: async (faultId) => {
      calls.recover++;
      return { faultId, recovered: faults.delete(faultId), recoveredAt: new Date().toISOString() };
    },
    get: async (faultId) => faults.get(faultId),
    // What the Events say of faults that ended elsewhere: one expired with nobody watching, one recovered by a sweep.
    trace: async (faultId) => ENDED[faultId],
    cutEstablished: async () => assert.fail('cutEstablished is not used by the API'),
    list: async (namespace) => [...faults.values()].filter((f) => !namespace || f.namespace === namespace),
    sweep: async (options) => {
      calls.sweep++;
      const deleted = [...faults.values()].filter((f) => options?.namespaces?.includes(f.namespace));
      for (const f of deleted) faults.delete(f.id);
      return {
        deletedPolicies: deleted.map((f) => ({ namespace: f.namespace, name: f.policyName, faultId: f.id, reason: 'requested' as const })),
        removedLabels: [],
        removedHelpers: [],
        namespaces: options?.namespaces ?? [],
      };
    },
    // holding is the real engine's (test/faults/); the service only hands faults over
    hold: () => undefined,
    warm: async () => true,
    drop: () => undefined,
    flush: async () => undefined,
    release: async () => undefined,
  };
  return { engine, calls };
}

const quiet = createLogger({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));

describe('API server over loopback (auth none)', () => {
  const { engine, calls } = countingEngine();
  let server: Server;
  let base = '';
  before(async () => {
    server = createApiServer({ engine, auth: 'none', logger: quiet, bodyLimitBytes: 4096 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  const call = async (method: string, path: string, body?: unknown, raw?: string) => {
    const res = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  test('health needs nothing', async () => {
    const { status, json } = await call('GET', '/health');
    assert.equal(status, 200);
    assert.equal(json.status, 'healthy');
    assert.equal(json.service, 'fault-injection-api');
  });

  test('lifecycle with the Python client JSON: inject, get, list, recover twice, cleanup', async () => {
    const body = {
      partition_type: 'worker_nats',
      source: 'dynamo',
      target: 'dynamo',
      mode: 'networkpolicy',
      parameters: { target_pod_prefix: 'w', block_nats: true },
      duration: 60,
    };
    const a = await call('POST', '/api/v1/faults/network/inject', body);
    const b = await call('POST', '/api/v1/faults/network/inject', body);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200, 'two injections of the same partition_type both succeed');
    assert.equal(a.json.fault_type, 'network_worker_nats');
    assert.equal(a.json.target, 'dynamo -> dynamo');
    assert.equal(a.json.status, 'injected');
    const id = String(a.json.fault_id);
    const got = await call('GET', `/api/v1/faults/${id}`);
    assert.equal(got.status, 200);
    assert.deepEqual((got.json.details as Record<string, unknown>).parameters, body.parameters);
    assert.equal((await call('GET', '/api/v1/faults?active_only=true')).json.count, 2);
    const r1 = await call('POST', `/api/v1/faults/${id}/recover`);
    const r2 = await call('POST', `/api/v1/faults/${id}/recover`);
    assert.equal(r1.status, 200);
    assert.equal(r2.status, 200);
    assert.equal(r2.json.status, 'recovered');
    assert.equal((await call('GET', '/api/v1/faults?active_only=true')).json.count, 1);
    const all = await call('GET', '/api/v1/faults?active_only=false');
    assert.equal(all.json.count, 2, 'recovered faults appear with active_only=false');
    const clean = await call('POST', '/api/v1/faults/network/cleanup?namespace=dynamo');
    assert.equal(clean.status, 200);
    assert.deepEqual(clean.json.deleted_policy_names, [`netpart-${String(b.json.fault_id)}`]);
    assert.equal(clean.json.policies_deleted, 1);
  });

  test('recover: a well-formed id that never existed is 404; one its Events show as expired or swept is 200 (idempotent)', async () => {
    const before = calls.recover;
    const never = await call('POST', '/api/v1/faults/abcdef123/recover');
    assert.equal(never.status, 404, JSON.stringify(never.json));
    assert.match(String(never.json.detail), /Fault abcdef123 not found/);
    const expired = await call('POST', '/api/v1/faults/expiredunseen/recover');
    assert.equal(expired.status, 200);
    assert.equal(expired.json.status, 'recovered');
    assert.equal(expired.json.recovered_at, '2026-01-01T00:00:05.000Z', 'expired with nobody watching: the expiry is when it ended');
    assert.match(String(expired.json.message), /already expired/);
    const swept = await call('POST', '/api/v1/faults/sweptfault1/recover');
    assert.equal(swept.status, 200);
    assert.equal(swept.json.recovered_at, '2026-01-01T00:00:03.000Z');
    assert.equal(calls.recover, before, 'nothing to recover reaches the engine');
    const got = await call('GET', '/api/v1/faults/expiredunseen');
    assert.equal(got.status, 200);
    assert.equal(got.json.status, 'recovered');
  });

  test('unknown get is 404 with a string detail; unknown route 404; wrong method 405; bad bool 422', async () => {
    const g = await call('GET', '/api/v1/faults/abcdef123');
    assert.equal(g.status, 404);
    assert.equal(typeof g.json.detail, 'string');
    assert.equal((await call('GET', '/nope')).status, 404);
    assert.equal((await call('GET', '/api/v1/faults/network/inject')).status, 405, 'FastAPI answers 405 when only the method differs');
    assert.equal((await call('DELETE', '/health')).status, 405);
    assert.equal((await call('GET', '/api/v1/faults?active_only=maybe')).status, 422);
  });

  test('oversized body → 413, broken JSON → 422, neither reaches the engine', async () => {
    const before = calls.inject;
    const big = await call('POST', '/api/v1/faults/network/inject', undefined, JSON.stringify({ pad: 'x'.repeat(10_000) }));
    assert.equal(big.status, 413);
    const broken = await call('POST', '/api/v1/faults/network/inject', undefined, '{"partition_type": ');
    assert.equal(broken.status, 422);
    assert.equal(calls.inject, before);
  });

  test('fuzz: random bodies never give 500 and only valid ones reach the engine', async () => {
    const valid = { partition_type: 'custom', source: 'ns', target: 'ns', parameters: { target_pod_prefix: 'w' } };
    const mutated = fc.record(
      {
        partition_type: fc.oneof(fc.constantFrom('custom', 'worker_nats', 'frontend_worker', 'x'), fc.anything()),
        source: fc.oneof(fc.constantFrom('ns', 'Bad NS', ''), fc.anything()),
        target: fc.oneof(fc.constant('ns'), fc.anything()),
        mode: fc.oneof(fc.constantFrom('networkpolicy', 'chaos_mesh', null), fc.anything()),
        duration: fc.oneof(fc.constantFrom(null, 0, 60, 1e9, 1.5), fc.anything()),
        parameters: fc.oneof(
          fc.record(
            {
              target_pod_prefix: fc.oneof(fc.constantFrom('w', ''), fc.anything()),
              block_nats: fc.oneof(fc.boolean(), fc.anything()),
              block_specific_pods: fc.anything(),
              block_ports: fc.anything(),
              allow_namespaces: fc.anything(),
            },
            { requiredKeys: [] },
          ),
          fc.anything(),
        ),
      },
      { requiredKeys: [] },
    );
    const bodies = fc.oneof(fc.jsonValue(), mutated, fc.constant(valid));
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const before = calls.inject;
        let raw: string;
        try {
          raw = JSON.stringify(body) ?? '';
        } catch {
          return; // BigInt and friends cannot be sent as JSON at all
        }
        const res = await call('POST', '/api/v1/faults/network/inject', undefined, raw);
        assert.ok([200, 413, 422, 501].includes(res.status), `status ${res.status} for ${raw.slice(0, 200)}: ${JSON.stringify(res.json)}`);
        assert.ok('detail' in res.json || res.status === 200);
        assert.equal(calls.inject - before, res.status === 200 ? 1 : 0, 'the engine is called exactly for accepted bodies');
      }),
      { numRuns: 300 },
    );
  });
});
