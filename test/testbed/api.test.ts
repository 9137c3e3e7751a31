// Done-when tests of issue 2 that exercise the real control plane: validation, RBAC, garbage collection, CronJobs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kubeErrorMessage, statusCode } from '../../runner/kube/client.ts';
import { clusterSuite, serviceAccountKube, waitFor } from '../support/cluster.ts';

const c = clusterSuite();

describe('testbed control plane', { skip: c.skip }, () => {
  test('an invalid NetworkPolicy is rejected with 422 and the apiserver message', async () => {
    const { kube, newNamespace } = c.get();
    const ns = await newNamespace('np-invalid');
    const error = await kube.net
      .createNamespacedNetworkPolicy({
        namespace: ns,
        body: { metadata: { name: 'bad' }, spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ protocol: 'TCP', port: 70000 }] }] } },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.equal(statusCode(error), 422);
    const message = kubeErrorMessage(error);
    assert.match(message, /NetworkPolicy\.networking\.k8s\.io "bad" is invalid/);
    assert.match(message, /spec\.egress\[0\]\.ports\[0\]\.port/);
  });

  test('a ServiceAccount token can do exactly what its Role grants', async () => {
    const { kube, newNamespace } = c.get();
    const ns = await newNamespace('rbac');
    await kube.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'reader' } } });
    const rbac = kube.config.makeApiClient((await import('@kubernetes/client-node')).RbacAuthorizationV1Api);
    await rbac.createNamespacedRole({
      namespace: ns,
      body: { metadata: { name: 'cm-read' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }] },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'reader-cm-read' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-read' },
        subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: ns }],
      },
    });
    await kube.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'settings' }, data: { a: '1' } } });
    const sa = await serviceAccountKube(c.get(), ns, 'reader');
    // RBAC caches are eventually consistent for a moment after the binding appears.
    const cm = await waitFor('the Role to take effect', () => sa.core.readNamespacedConfigMap({ name: 'settings', namespace: ns }));
    assert.equal(cm.data?.a, '1');
    assert.equal((await sa.core.listNamespacedConfigMap({ namespace: ns })).items.length >= 1, true);
    const denied: (() => Promise<unknown>)[] = [
      () => sa.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'nope' } } }),
      () => sa.core.deleteNamespacedConfigMap({ name: 'settings', namespace: ns }),
      () => sa.core.listNamespacedSecret({ namespace: ns }),
      () => sa.core.listNamespacedConfigMap({ namespace: 'default' }),
      () => sa.net.listNamespacedNetworkPolicy({ namespace: ns }),
    ];
    for (const attempt of denied) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.equal(statusCode(error), 403, `expected 403, got ${kubeErrorMessage(error)}`);
    }
  });

  test('deleting a Job garbage-collects an object owned by it', async () => {
    const { kube, newNamespace } = c.get();
    const ns = await newNamespace('gc');
    const job = await kube.batch.createNamespacedJob({
      namespace: ns,
      body: {
        metadata: { name: 'owner' },
        spec: { suspend: true, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'pause' }] } } },
      },
    });
    await kube.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'owned', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'owner', uid: job.metadata?.uid ?? '' }] } },
    });
    await kube.batch.deleteNamespacedJob({ name: 'owner', namespace: ns, body: { propagationPolicy: 'Background' } });
    await waitFor('the owned ConfigMap to be garbage-collected', async () => {
      const error = await kube.core.readNamespacedConfigMap({ name: 'owned', namespace: ns }).then(
        () => undefined,
        (e: unknown) => e,
      );
      return statusCode(error) === 404;
    });
  });

  test('[slow] a CronJob creates a Job on schedule', { timeout: 150_000 }, async () => {
    const { kube, newNamespace } = c.get();
    const ns = await newNamespace('cron');
    await kube.batch.createNamespacedCronJob({
      namespace: ns,
      body: {
        metadata: { name: 'tick' },
        spec: {
          schedule: '* * * * *',
          jobTemplate: {
            spec: {
              template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'node:22', command: ['node', '-e', 'console.log("tick")'] }] } },
            },
          },
        },
      },
    });
    const job = await waitFor(
      'a Job created by the CronJob',
      async () =>
        (await kube.batch.listNamespacedJob({ namespace: ns })).items.find((j) =>
          j.metadata?.ownerReferences?.some((o) => o.kind === 'CronJob' && o.name === 'tick'),
        ),
      130_000,
    );
    assert.match(job.metadata?.name ?? '', /^tick-\d+$/);
  });
});
