// Runs test/api/conformance/conformance.py (Python, standard library only) against the served API on the testbed,
// once with a ServiceAccount token and once with none (--unauthenticated-as), as an old-service user would.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { clusterSuite } from '../support/cluster.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';
import { createLogger } from '../../runner/log/logger.ts';
import { startApiServer } from '../../runner/api/start.ts';
import { POLICY_SELECTOR } from '../../runner/faults/labels.ts';

const c = clusterSuite();
const quiet = createLogger({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));
const script = fileURLToPath(new URL('./conformance/conformance.py', import.meta.url));

describe('Python conformance (standard library client) against the served API', { skip: c.skip }, () => {
  let ns = '';
  const tokens: Record<string, string> = {};
  before(async () => {
    const kube = c.get().kube;
    ns = await c.get().newNamespace('pyconf');
    await createRunningPods(kube, ns, dynamoPods());
    const rbac = kube.config.makeApiClient(RbacAuthorizationV1Api);
    const rules = [{ apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['create', 'delete', 'list'] }];
    await rbac.createNamespacedRole({ namespace: ns, body: { metadata: { name: 'faults' }, rules } });
    for (const sa of ['client', 'tester', 'nobody']) {
      await kube.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: sa } } });
      if (sa !== 'nobody') {
        await rbac.createNamespacedRoleBinding({
          namespace: ns,
          body: {
            metadata: { name: sa },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'faults' },
            subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
          },
        });
      }
      const res = await kube.core.createNamespacedServiceAccountToken({ name: sa, namespace: ns, body: { spec: { audiences: [], expirationSeconds: 3600 } } });
      tokens[sa] = res.status?.token ?? assert.fail('no token');
    }
  });

  for (const mode of ['with a token', 'without a token'] as const) {
    test(`the guide's flows, list/get/recover/cleanup and the resulting NetworkPolicies, ${mode}`, async (t) => {
      const api = await startApiServer({
        port: 0,
        host: '127.0.0.1',
        kube: c.get().kube,
        logger: quiet,
        sweepIntervalMs: 0,
        defaultMetrics: false,
        unauthenticatedAs: `system:serviceaccount:${ns}:client`,
      });
      try {
        const env = {
          ...process.env,
          API_URL: api.url,
          NAMESPACE: ns,
          POLICY_SELECTOR,
          DENIED_TOKEN: tokens.nobody,
          KUBECONFIG: process.env.NETPART_TEST_KUBECONFIG ?? process.env.KUBECONFIG ?? '',
          TOKEN: mode === 'with a token' ? tokens.tester : '',
        };
        const run = await promisify(execFile)('python3', [script], { env, timeout: 240_000 }).catch(
          (error: unknown) => error as { stdout?: string; stderr?: string },
        );
        assert.ok(!('code' in run) || run.code === undefined, `conformance.py failed:\n${run.stdout ?? ''}\n${run.stderr ?? ''}`);
        assert.doesNotMatch(String(run.stdout), /^FAIL/m, String(run.stdout));
        assert.ok((String(run.stdout).match(/^ok /gm) ?? []).length >= 40, `too few checks ran:\n${String(run.stdout)}`);
        t.diagnostic(String(run.stdout).trim());
      } finally {
        await api.close();
      }
    });
  }
});
