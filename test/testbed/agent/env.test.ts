// Environment resolution of the node agent against the kubelet's rules.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { V1Pod } from '@kubernetes/client-node';
import { EnvResolutionError, expandVars, resolveContainerEnv, type EnvSources } from '../../../testbed/agent/env.ts';

const pod: V1Pod = {
  metadata: { name: 'p1', namespace: 'ns1', uid: 'u-1', labels: { app: 'web' } },
  spec: { nodeName: 'testbed-node', serviceAccountName: 'sa1', containers: [] },
};
const ips = { podIP: '10.244.0.7', hostIP: '127.0.0.1' };
const sources: EnvSources = {
  configMap: async (ns, name) => (ns === 'ns1' && name === 'cfg' ? { LEVEL: 'debug', URL: 'http://x' } : undefined),
  secret: async (ns, name) => (ns === 'ns1' && name === 'sec' ? { TOKEN: 's3cret' } : undefined),
};

describe('agent env resolution', () => {
  test('literal, fieldRef, configMapKeyRef, secretKeyRef, envFrom with prefix, $(VAR) expansion', async () => {
    const env = await resolveContainerEnv(
      pod,
      {
        name: 'c',
        envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
        env: [
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
          { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
          { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'LEVEL' } } },
          { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'sec', key: 'TOKEN' } } },
          { name: 'OPT', valueFrom: { secretKeyRef: { name: 'missing', key: 'X', optional: true } } },
          { name: 'GREETING', value: '$(POD)@$(IP) $(UNKNOWN) $$(POD) on $(KUBERNETES_SERVICE_HOST)' },
        ],
      },
      sources,
      ips,
      { KUBERNETES_SERVICE_HOST: '127.0.0.1' },
    );
    assert.deepEqual(env, {
      CFG_LEVEL: 'debug',
      CFG_URL: 'http://x',
      POD: 'p1',
      NS: 'ns1',
      UID: 'u-1',
      IP: '10.244.0.7',
      APP: 'web',
      LEVEL: 'debug',
      TOKEN: 's3cret',
      GREETING: 'p1@10.244.0.7 $(UNKNOWN) $(POD) on 127.0.0.1',
    });
  });

  test('a missing required reference names the object and key', async () => {
    await assert.rejects(
      resolveContainerEnv(pod, { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'NOPE' } } }] }, sources, ips, {}),
      (error: unknown) => error instanceof EnvResolutionError && /ConfigMap ns1\/cfg key "NOPE" not found/.test(error.message),
    );
    await assert.rejects(
      resolveContainerEnv(pod, { name: 'c', envFrom: [{ secretRef: { name: 'gone' } }] }, sources, ips, {}),
      (error: unknown) => error instanceof EnvResolutionError && /Secret ns1\/gone not found/.test(error.message),
    );
  });

  test('expandVars leaves strings without references unchanged and resolves known ones', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('$')),
        (s) => assert.equal(expandVars(s, { A: 'x' }), s),
      ),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/), fc.string(), (name, value) => {
        assert.equal(expandVars(`[$(${name})]`, { [name]: value }), `[${value}]`);
        assert.equal(expandVars(`[$$(${name})]`, { [name]: value }), `[$(${name})]`);
      }),
    );
  });
});
