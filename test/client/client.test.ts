import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { clusterSuite } from '../support/cluster.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';
import { createLogger } from '../../runner/log/logger.ts';
import { startApiServer, type RunningApi } from '../../runner/api/start.ts';
import { ApiError, FaultInjectionClient, NetworkMode, NetworkPartition } from '../../runner/client/index.ts';
import { toWireBody } from '../../runner/client/wire.ts';

const c = clusterSuite();
const quiet = createLogger({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));

describe('toWireBody', () => {
  test('produces the Python client body: kwargs under parameters, null duration, source/target defaulting to namespace', () => {
    assert.deepEqual(
      toWireBody({ partitionType: NetworkPartition.CUSTOM, namespace: 'ns', targetPodPrefix: 'w', blockSpecificPods: [{ app: 'f' }], blockNats: false }),
      {
        partition_type: 'custom',
        source: 'ns',
        target: 'ns',
        mode: 'networkpolicy',
        duration: null,
        parameters: { namespace: 'ns', target_pod_prefix: 'w', block_specific_pods: [{ app: 'f' }], block_nats: false },
      },
    );
  });
});

describe('FaultInjectionClient, direct and HTTP transports on the testbed', { skip: c.skip }, () => {
  let ns = '';
  let api: RunningApi;
  before(async () => {
    ns = await c.get().newNamespace('client');
    await createRunningPods(c.get().kube, ns, dynamoPods());
    api = await startApiServer({ port: 0, host: '127.0.0.1', kube: c.get().kube, logger: quiet, sweepIntervalMs: 0, insecureNoAuth: true });
  });
  after(() => api?.close());

  for (const transport of ['direct', 'http'] as const) {
    test(`${transport}: inject, get, list, recover twice, errors as ApiError`, async () => {
      const client = transport === 'direct' ? new FaultInjectionClient({ kube: c.get().kube, logger: quiet }) : new FaultInjectionClient({ apiUrl: api.url });
      try {
        const fault = await client.injectNetworkPartition({
          partitionType: NetworkPartition.WORKER_NATS,
          mode: NetworkMode.NETWORK_POLICY,
          namespace: ns,
          targetPodPrefix: 'vllm-decode-worker',
          blockNats: true,
          duration: 60,
        });
        assert.equal(fault.status, 'injected');
        assert.equal(fault.fault_type, 'network_worker_nats');
        assert.deepEqual(fault.target_pods, ['vllm-decode-worker-0']);
        const record = await client.getFault(fault.fault_id);
        assert.equal(record.details.partition_type, 'worker_nats');
        assert.ok((await client.listFaults({ activeOnly: true })).some((f) => f.id === fault.fault_id));
        assert.equal((await client.recoverFault(fault.fault_id)).status, 'recovered');
        assert.equal((await client.recoverFault(fault.fault_id)).status, 'recovered');
        await assert.rejects(
          client.injectNetworkPartition({ partitionType: NetworkPartition.CUSTOM, namespace: ns, targetPodPrefix: 'w', mode: NetworkMode.CHAOS_MESH }),
          (e: unknown) => e instanceof ApiError && e.status === 501,
        );
        await assert.rejects(client.getFault('zzzzzzzz'), (e: unknown) => e instanceof ApiError && e.status === 404);
        const clean = await client.cleanupNetworkPolicies(ns);
        assert.equal(clean.policies_deleted, 0);
      } finally {
        await client.close();
      }
    });
  }
});
