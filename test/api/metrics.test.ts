import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../runner/log/logger.ts';
import { createApiServer } from '../../runner/api/server.ts';
import { createApiMetrics, expiryObservingLogger, outcomeOf } from '../../runner/api/metrics.ts';
import type { FaultEngine } from '../../runner/faults/types.ts';
import type { Fault } from '../../runner/faults/types.ts';
import { parsePartitionSpec, type PartitionSpecInput } from '../../runner/faults/spec.ts';

const quiet = createLogger({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));

// Just enough engine for inject/recover/list over HTTP; the point is what /metrics reports.
function memoryEngine(): FaultEngine {
  const faults = new Map<string, Fault>();
  let next = 0;
  const unused = async () => assert.fail('not used by this test');
  return {
    plan: unused,
    cutEstablished: unused,
    inject: async (input: PartitionSpecInput, options) => {
      const spec = parsePartitionSpec(input);
      const id = `m${String(++next).padStart(8, '0')}`;
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
    recover: async (faultId) => ({ faultId, recovered: faults.delete(faultId), recoveredAt: new Date().toISOString() }),
    get: async (faultId) => faults.get(faultId),
    list: async () => [...faults.values()],
    sweep: async () => ({ deletedPolicies: [], removedLabels: [], removedHelpers: [], namespaces: [] }),
    // holding is the real engine's (test/faults/); the service only hands faults over
    hold: () => undefined,
    warm: async () => true,
    drop: () => undefined,
    flush: async () => undefined,
    release: async () => undefined,
  };
}

// The value of one sample line, e.g. sample(text, 'netpart_api_injects_total{outcome="success"}').
const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('GET /metrics', () => {
  test('Prometheus text: active faults, inject/recover outcomes, latency by route template', async () => {
    const engine = memoryEngine();
    const metrics = createApiMetrics(async () => (await engine.list()).length, { defaultMetrics: false });
    const server = createApiServer({ engine, auth: 'none', logger: quiet, metrics });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = (path: string, body?: unknown) =>
      fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    try {
      const body = { partition_type: 'worker_nats', source: 'dynamo', target: 'dynamo', parameters: { target_pod_prefix: 'w' }, duration: 60 };
      const a = (await (await post('/api/v1/faults/network/inject', body)).json()) as { fault_id: string };
      await post('/api/v1/faults/network/inject', body);
      assert.equal((await post('/api/v1/faults/network/inject', { ...body, duration: 'soon' })).status, 422);
      assert.equal((await post('/api/v1/faults/network/inject', { ...body, mode: 'chaos_mesh' })).status, 501);
      assert.equal((await post(`/api/v1/faults/${a.fault_id}/recover`)).status, 200);
      await fetch(`${url}/no/such/path`);

      const res = await fetch(`${url}/metrics`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      assert.equal(sample(text, 'netpart_api_faults_active'), 1);
      assert.equal(sample(text, 'netpart_api_injects_total{outcome="success"}'), 2);
      assert.equal(sample(text, 'netpart_api_injects_total{outcome="invalid"}'), 1);
      assert.equal(sample(text, 'netpart_api_injects_total{outcome="unsupported"}'), 1);
      assert.equal(sample(text, 'netpart_api_recovers_total{outcome="success"}'), 1);
      assert.equal(sample(text, 'netpart_api_request_duration_seconds_count{method="POST",route="/api/v1/faults/{fault_id}/recover",code="200"}'), 1);
      assert.equal(
        sample(text, 'netpart_api_request_duration_seconds_count{method="GET",route="unmatched",code="404"}'),
        1,
        'unknown paths share one label value',
      );
      assert.match(text, /# TYPE netpart_api_expiry_lateness_seconds histogram/);
      assert.ok(!text.includes(a.fault_id), 'no fault ids in label values');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test("the engine's fault.expired log line feeds the expiry lateness histogram; other lines pass through", async () => {
    const metrics = createApiMetrics(async () => 0, { defaultMetrics: false });
    const lines: string[] = [];
    const logger = expiryObservingLogger(
      createLogger(
        { level: 'info' },
        new Writable({
          write: (c, _e, cb) => {
            lines.push(String(c));
            cb();
          },
        }),
      ),
      metrics,
    );
    logger.info({ faultId: 'x', expiresAt: new Date(Date.now() - 1500).toISOString() }, 'fault.expired');
    logger.info({ faultId: 'y' }, 'something.else');
    logger.child({ c: 1 }).warn('child loggers still work');
    const text = await metrics.registry.metrics();
    assert.equal(sample(text, 'netpart_api_expiry_lateness_seconds_count'), 1);
    assert.equal(sample(text, 'netpart_api_expiry_lateness_seconds_bucket{le="1"}'), 0);
    assert.equal(sample(text, 'netpart_api_expiry_lateness_seconds_bucket{le="2"}'), 1);
    assert.equal(lines.length, 3);
  });

  test('outcome labels from status codes', () => {
    assert.deepEqual([200, 401, 403, 404, 409, 413, 422, 501, 502, 500].map(outcomeOf), [
      'success',
      'denied',
      'denied',
      'invalid',
      'refused',
      'invalid',
      'invalid',
      'unsupported',
      'error',
      'error',
    ]);
  });
});
