// On the testbed: the shipped manifests are admitted under Pod Security "restricted", and each ServiceAccount can do
// what its component needs and gets 403 for anything else.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { V1NetworkPolicy, V1Pod, V1PodTemplateSpec } from '@kubernetes/client-node';
import { mergePatch, statusCode, type Kube } from '../../runner/kube/client.ts';
import { buildRunnerJob } from '../../runner/cli/incluster/job-spec.ts';
import { expiryJob } from '../../runner/faults/expiry/job.ts';
import { faultEvents } from '../../runner/faults/events/build.ts';
import { clusterSuite, serviceAccountKube, waitFor, type TestCluster } from '../support/cluster.ts';
import { kubectlApply, renderInNamespace } from './kustomize.ts';

const c = clusterSuite();
const RESTRICTED = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' };

/** Resolves to the HTTP status of a call: 200 when it worked, else the API's error code. */
async function status(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    return statusCode(error) ?? -1;
  }
}

const podFromTemplate = (name: string, template: V1PodTemplateSpec): V1Pod => ({ metadata: { name, labels: template.metadata?.labels }, spec: template.spec });

const partition = (name: string): V1NetworkPolicy => ({
  metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'netpart' } },
  spec: { podSelector: { matchLabels: { 'fault.netpart.dev/x': 'target' } }, policyTypes: ['Egress'] },
});

async function installBase(cluster: TestCluster, prefix: string): Promise<string> {
  const ns = await cluster.newNamespace(prefix, RESTRICTED);
  kubectlApply(cluster.kubeconfigPath, renderInNamespace('manifests/base', ns));
  await waitFor(`ServiceAccount netpart-runner in ${ns}`, () =>
    cluster.kube.core.readNamespacedServiceAccount({ name: 'netpart-runner', namespace: ns }).catch(() => undefined),
  );
  return ns;
}

describe('manifests on the testbed', { skip: c.skip }, () => {
  test('base and templates are admitted in a namespace enforcing Pod Security "restricted"', async () => {
    const cluster = c.get();
    const ns = await installBase(cluster, 'mf-admit');
    const templates = renderInNamespace('manifests/templates', ns);
    // server-side dry run: admission runs in full, nothing is started
    const sweeper = (await cluster.kube.batch.readNamespacedCronJob({ name: 'netpart-sweeper', namespace: ns })).spec!.jobTemplate.spec!.template;
    const candidates: [string, V1PodTemplateSpec][] = [
      ['sweeper', sweeper],
      ...templates.map((d): [string, V1PodTemplateSpec] => [d.kind.toLowerCase(), d.kind === 'Job' ? d.spec.template : d.spec.jobTemplate.spec.template]),
    ];
    assert.equal(candidates.length, 3);
    for (const [name, template] of candidates) {
      const created = await cluster.kube.core.createNamespacedPod({ namespace: ns, body: podFromTemplate(`dry-${name}`, template), dryRun: 'All' });
      assert.equal(created.metadata?.name, `dry-${name}`);
    }
    kubectlApply(cluster.kubeconfigPath, templates);
    assert.ok(await cluster.kube.batch.readNamespacedCronJob({ name: 'netpart-worker-nats', namespace: ns }));
    await cluster.kube.batch.deleteNamespacedJob({ name: 'netpart-worker-nats-example', namespace: ns, propagationPolicy: 'Background' });
  });

  test('a runner Job built by run-incluster gets its pod admitted and created (no FailedCreate)', async () => {
    const cluster = c.get();
    const ns = await installBase(cluster, 'mf-job');
    const job = buildRunnerJob({
      name: 'admit-check',
      namespace: ns,
      image: 'ghcr.io/netpart/runner:test',
      scenario: { kind: 'builtin', name: 'no-such-scenario' },
      timeoutSeconds: 30,
      serviceAccount: 'netpart-runner',
    });
    await cluster.kube.batch.createNamespacedJob({ namespace: ns, body: job });
    const pod = await waitFor(
      'the runner pod',
      async () => (await cluster.kube.core.listNamespacedPod({ namespace: ns, labelSelector: 'batch.kubernetes.io/job-name=admit-check' })).items[0],
    );
    assert.equal(pod.spec?.serviceAccountName, 'netpart-runner');
  });

  test('the runner ServiceAccount can do what the engine does, and nothing else', async () => {
    const cluster = c.get();
    const ns = await installBase(cluster, 'mf-rbac');
    const other = await cluster.newNamespace('mf-other');
    const runner: Kube = await serviceAccountKube(cluster, ns, 'netpart-runner');
    await cluster.kube.core.createNamespacedPod({
      namespace: ns,
      body: podFromTemplate('victim', {
        spec: buildRunnerJob({
          name: 'x',
          namespace: ns,
          image: 'pause',
          scenario: { kind: 'builtin', name: 'x' },
          timeoutSeconds: 10,
          serviceAccount: 'default',
        }).spec!.template.spec,
      }),
    });

    const allowed: [string, () => Promise<unknown>][] = [
      ['list pods', () => runner.core.listNamespacedPod({ namespace: ns })],
      [
        'label a pod',
        () =>
          runner.core.patchNamespacedPod({ name: 'victim', namespace: ns, body: { metadata: { labels: { 'fault.netpart.dev/x': 'target' } } } }, mergePatch),
      ],
      ['create a policy', () => runner.net.createNamespacedNetworkPolicy({ namespace: ns, body: partition('p1') })],
    ];
    for (const [what, call] of allowed) assert.equal(await status(call()), 200, what);
    assert.equal(
      await status(runner.net.patchNamespacedNetworkPolicy({ name: 'p1', namespace: ns, body: { metadata: { annotations: { a: 'b' } } } }, mergePatch)),
      200,
      'patch a policy',
    );
    assert.equal(await status(runner.net.listNamespacedNetworkPolicy({ namespace: ns })), 200, 'list policies');
    assert.equal(await status(runner.net.deleteNamespacedNetworkPolicy({ name: 'p1', namespace: ns })), 200, 'delete a policy');
    assert.equal(await status(runner.batch.readNamespacedJob({ name: 'absent', namespace: ns })), 404, 'read Jobs (404 = allowed, not found)');
    // Expiry Jobs: created with the fault, deleted at recovery; and the Events on the target pods.
    const expiry = expiryJob({ faultId: 'rbaccheck1', namespace: ns, expiresAt: new Date(Date.now() + 60_000), now: new Date() });
    assert.equal(await status(runner.batch.createNamespacedJob({ namespace: ns, body: expiry })), 200, 'create an expiry Job');
    assert.equal(await status(runner.batch.deleteNamespacedJob({ name: expiry.metadata!.name!, namespace: ns })), 200, 'delete an expiry Job');
    const event = faultEvents({
      faultId: 'rbaccheck1',
      reason: 'FaultInjected',
      note: 'rbac check',
      subjects: { namespace: ns, targets: [{ name: 'victim' }] },
      now: new Date(),
    })[0]!;
    assert.equal(await status(runner.events.createNamespacedEvent({ namespace: ns, body: event })), 200, 'write an Event');

    const denied: [string, () => Promise<unknown>][] = [
      ['delete pods', () => runner.core.deleteNamespacedPod({ name: 'victim', namespace: ns })],
      [
        'create pods',
        () => runner.core.createNamespacedPod({ namespace: ns, body: { metadata: { name: 'x' }, spec: { containers: [{ name: 'c', image: 'pause' }] } } }),
      ],
      ['list secrets', () => runner.core.listNamespacedSecret({ namespace: ns })],
      ['create configmaps', () => runner.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'x' } } })],
      ['create Jobs in another namespace', () => runner.batch.createNamespacedJob({ namespace: other, body: expiry })],
      ['list Jobs', () => runner.batch.listNamespacedJob({ namespace: ns })],
      ['read Events', () => runner.events.listNamespacedEvent({ namespace: ns })],
      ['create policies in another namespace', () => runner.net.createNamespacedNetworkPolicy({ namespace: other, body: partition('p2') })],
      ['list pods in another namespace', () => runner.core.listNamespacedPod({ namespace: other })],
      ['list policies cluster-wide', () => runner.net.listNetworkPolicyForAllNamespaces({})],
      ['edit its own Role', () => runnerRbacPatch(runner, ns)],
    ];
    for (const [what, call] of denied) assert.equal(await status(call()), 403, `${what} must be forbidden`);
  });

  test('the sweeper ServiceAccount can remove partitions but never create one', async () => {
    const cluster = c.get();
    const ns = await installBase(cluster, 'mf-sweep');
    const sweeper = await serviceAccountKube(cluster, ns, 'netpart-sweeper');
    await cluster.kube.net.createNamespacedNetworkPolicy({ namespace: ns, body: partition('old') });
    assert.equal(await status(sweeper.net.listNamespacedNetworkPolicy({ namespace: ns })), 200);
    assert.equal(await status(sweeper.net.deleteNamespacedNetworkPolicy({ name: 'old', namespace: ns })), 200);
    assert.equal(await status(sweeper.net.createNamespacedNetworkPolicy({ namespace: ns, body: partition('new') })), 403);
    assert.equal(await status(sweeper.events.listNamespacedEvent({ namespace: ns })), 200, 'reads Events: endings nobody watched');
    const expiry = expiryJob({ faultId: 'sweepcheck', namespace: ns, expiresAt: new Date(), now: new Date() });
    assert.equal(await status(sweeper.batch.createNamespacedJob({ namespace: ns, body: expiry })), 403, 'creates no Job');
    assert.equal(await status(sweeper.batch.deleteNamespacedJob({ name: 'anything', namespace: ns })), 403, 'deletes no Job');
    assert.equal(await status(sweeper.core.listNamespacedSecret({ namespace: ns })), 403);
  });
});

// a raw request: Kube has no RBAC client, and the runner must not be able to grant itself more
async function runnerRbacPatch(runner: Kube, ns: string): Promise<unknown> {
  const { RbacAuthorizationV1Api } = await import('@kubernetes/client-node');
  const rbac = runner.config.makeApiClient(RbacAuthorizationV1Api);
  return rbac.patchNamespacedRole(
    { name: 'netpart-runner', namespace: ns, body: { rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] } },
    mergePatch,
  );
}
