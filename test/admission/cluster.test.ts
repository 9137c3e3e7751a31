// manifests/admission against the testbed's real kube-apiserver, with the real ServiceAccount tokens of the runner,
// the sweeper and the API: everything a partition and each established mode needs is admitted, and what RBAC's
// coarse verbs would also allow (a new image, another label, a user's NetworkPolicy, another helper) is denied by
// the policy, naming the rule.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { RbacAuthorizationV1Api, type V1EphemeralContainer, type V1NetworkPolicy, type V1Pod } from '@kubernetes/client-node';
import { createFaultEngine } from '../../runner/faults/engine.ts';
import { expiryJob } from '../../runner/faults/expiry/job.ts';
import { deleteDropPod } from '../../runner/faults/established/drop.ts';
import { dropPod, resetContainer, type CutPlan } from '../../runner/faults/established/helper-specs.ts';
import { establishedSettingsFromEnv } from '../../runner/faults/established/settings.ts';
import { LABEL_POD_UID, POLICY_SELECTOR } from '../../runner/faults/labels.ts';
import { podUidSelector } from '../../runner/faults/pod-uid-label.ts';
import { sweepFaults } from '../../runner/faults/sweep.ts';
import { kubeErrorMessage, statusCode, type Kube } from '../../runner/kube/client.ts';
import { rawJson } from '../../runner/kube/raw.ts';
import { createAll, createRunningPods, HELPER_NAMESPACE, idlePod, installEstablishedRbac } from '../../testbed/index.ts';
import { kubectlApply, renderInNamespace, renderKustomize } from '../manifests/kustomize.ts';
import { clusterSuite, serviceAccountKube, waitFor, type TestCluster } from '../support/cluster.ts';
import { assertNoLeftovers } from '../support/leftovers.ts';
import { installScoped, saUser } from './policies.ts';

const c = clusterSuite();
const settings = { ...establishedSettingsFromEnv({}), settleMs: 300 };
// Helper pods the matrix creates for real are bound to a node that does not exist, so nothing of them ever runs.
const NOWHERE = 'netpart-admission-test-nowhere';
const STRATEGIC_MERGE = 'application/strategic-merge-patch+json';

/** The outcome of one call: 200, or the HTTP status with the apiserver's message. */
async function outcome(call: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await call;
    return { code: 200, message: '' };
  } catch (error) {
    return { code: statusCode(error) ?? -1, message: statusCode(error) === undefined ? String(error) : kubeErrorMessage(error) };
  }
}

const podPath = (ns: string, name: string) => `/api/v1/namespaces/${ns}/pods/${name}`;
const patchPod = (kube: Kube, ns: string, name: string, body: object, dryRun = true) =>
  rawJson(kube.config, { method: 'PATCH', path: `${podPath(ns, name)}${dryRun ? '?dryRun=All' : ''}`, contentType: 'application/merge-patch+json', body });
const addEphemeral = (kube: Kube, ns: string, name: string, container: V1EphemeralContainer) =>
  rawJson(kube.config, {
    method: 'PATCH',
    path: `${podPath(ns, name)}/ephemeralcontainers?dryRun=All`,
    contentType: STRATEGIC_MERGE,
    body: { spec: { ephemeralContainers: [container] } },
  });
const createPod = (kube: Kube, pod: V1Pod, dryRun = true) =>
  rawJson(kube.config, { method: 'POST', path: `/api/v1/namespaces/${pod.metadata?.namespace}/pods${dryRun ? '?dryRun=All' : ''}`, body: pod });
const deletePod = (kube: Kube, ns: string, name: string) => rawJson(kube.config, { method: 'DELETE', path: `${podPath(ns, name)}?dryRun=All` });
const createPolicy = (kube: Kube, ns: string, body: object, dryRun = true) =>
  rawJson(kube.config, { method: 'POST', path: `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies${dryRun ? '?dryRun=All' : ''}`, body });
const patchPolicy = (kube: Kube, ns: string, name: string, body: object, dryRun = true) =>
  rawJson(kube.config, {
    method: 'PATCH',
    path: `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies/${name}${dryRun ? '?dryRun=All' : ''}`,
    contentType: 'application/merge-patch+json',
    body,
  });
const deletePolicy = (kube: Kube, ns: string, name: string, dryRun = true) =>
  rawJson(kube.config, { method: 'DELETE', path: `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies/${name}${dryRun ? '?dryRun=All' : ''}` });

const createJob = (kube: Kube, ns: string, body: object, dryRun = true) =>
  rawJson(kube.config, { method: 'POST', path: `/apis/batch/v1/namespaces/${ns}/jobs${dryRun ? '?dryRun=All' : ''}`, body });
const deleteJob = (kube: Kube, ns: string, name: string, dryRun = true) =>
  rawJson(kube.config, {
    method: 'DELETE',
    path: `/apis/batch/v1/namespaces/${ns}/jobs/${name}${dryRun ? '?dryRun=All' : ''}`,
    body: { propagationPolicy: 'Background' },
  });
const patchJob = (kube: Kube, ns: string, name: string, body: object, dryRun = true) =>
  rawJson(kube.config, {
    method: 'PATCH',
    path: `/apis/batch/v1/namespaces/${ns}/jobs/${name}${dryRun ? '?dryRun=All' : ''}`,
    contentType: 'application/merge-patch+json',
    body,
  });
const neverRuns = { spec: { restartPolicy: 'Never', containers: [{ name: 'never-runs', image: 'registry.k8s.io/pause:3.10' }] } };
/** A fault's expiry Job exactly as the engine builds it (finished at creation, it never runs a pod). */
const expiryJobOf = (namespace: string, faultId: string) => expiryJob({ faultId, namespace, expiresAt: new Date(Date.now() + 600_000), now: new Date() });

/** A partition policy as the engine compiles it: netpart's labels, selecting its targets by their uid label. */
const netpartPolicy = (faultId: string): V1NetworkPolicy & { spec: object } => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: `netpart-${faultId}`, labels: { 'app.kubernetes.io/managed-by': 'netpart', 'netpart.dev/fault-id': faultId } },
  spec: { podSelector: podUidSelector(['0b6f3f0e-1111-4222-8333-944445555666']), policyTypes: ['Egress'], egress: [{}] },
});
/** The same policy as releases before the uid label wrote it: selecting a per-fault label. */
const earlierReleasePolicy = (faultId: string): V1NetworkPolicy & { spec: object } => ({
  ...netpartPolicy(faultId),
  spec: { podSelector: { matchLabels: { [`fault.netpart.dev/${faultId}`]: 'target' } }, policyTypes: ['Egress'], egress: [{}] },
});
const faultId = () => `adm${randomBytes(5).toString('hex')}`;
const plan = (mode: 'drop' | 'reset', id: string): CutPlan => ({
  mode,
  faultId: id,
  targetIps: ['10.0.0.1'],
  peerIps: ['10.0.0.2'],
  spec: { ports: [], direction: 'egress' },
});
const resetHelper = (name = `netpart-reset-${faultId()}`) => resetContainer(plan('reset', faultId()), name, settings);
const dropHelper = (id = faultId()): V1Pod => dropPod(plan('drop', id), NOWHERE, 0, settings);

interface Setup {
  ns: string;
  apiNs: string;
  runner: Kube;
  sweeper: Kube;
  api: Kube;
}

/**
 * One app namespace as a user sets it up: manifests/base (runner, sweeper), manifests/established (reset RBAC, the
 * drop helpers' binding) and the API's Role from manifests/api bound to a netpart-api ServiceAccount of its own
 * namespace. The API is given the established rights too, so that what stops it below is the policy and not RBAC.
 */
async function setUp(cluster: TestCluster, cleanups: (() => Promise<unknown>)[]): Promise<Setup> {
  const ns = await cluster.newNamespace('adm');
  const apiNs = await cluster.newNamespace('adm-api');
  // Namespaces go with the file; what lives outside them is registered here as it is made, so a failed setUp cleans up too.
  const rbac = cluster.kube.config.makeApiClient(RbacAuthorizationV1Api);
  const unbind = (name: string) => () => rbac.deleteNamespacedRoleBinding({ name, namespace: HELPER_NAMESPACE }).catch(() => undefined);
  cleanups.push(unbind(`netpart-drop-helper-${ns}`), unbind(`netpart-api-drop-helper-${ns}`));
  kubectlApply(cluster.kubeconfigPath, renderInNamespace('manifests/base', ns));
  await installEstablishedRbac(cluster.kube, ns);
  await cluster.kube.core.createNamespacedServiceAccount({ namespace: apiNs, body: { metadata: { name: 'netpart-api' } } });
  const apiSubject = [{ kind: 'ServiceAccount', name: 'netpart-api', namespace: apiNs }];
  const apiRole = renderKustomize('manifests/api').filter((d) => d.kind === 'Role' || (d.kind === 'RoleBinding' && d.metadata.namespace === 'dynamo'));
  await createAll(cluster.kube, [
    ...apiRole.map((d) => ({ ...d, metadata: { ...d.metadata, namespace: ns }, ...(d.kind === 'RoleBinding' ? { subjects: apiSubject } : {}) })),
    binding('netpart-api-reset', ns, 'netpart-runner-reset', apiSubject),
    binding(`netpart-api-drop-helper-${ns}`, HELPER_NAMESPACE, 'netpart-drop-helper', apiSubject),
  ]);
  await createRunningPods(cluster.kube, ns, [idlePod('target-0', { app: 'target' }), idlePod('peer-0', { app: 'peer' })]);
  const admission = await installScoped(cluster.kube, ns, [saUser(ns, 'netpart-runner'), saUser(ns, 'netpart-sweeper'), saUser(apiNs, 'netpart-api')]);
  cleanups.push(admission.remove);
  const runner = await serviceAccountKube(cluster, ns, 'netpart-runner');
  // The policies take effect once every apiserver watch has them: wait until one denial per policy comes back.
  let probes: { code: number; message: string }[] = [];
  await waitFor('the admission policies to be enforced', async () => {
    probes = await Promise.all([
      outcome(patchPod(runner, ns, 'target-0', { metadata: { annotations: { probe: 'x' } } })),
      outcome(createPolicy(runner, ns, { metadata: { name: 'probe' }, spec: { podSelector: {} } })),
      outcome(
        createPod(runner, {
          ...dropHelper(),
          metadata: { ...dropHelper().metadata, namespace: HELPER_NAMESPACE, name: 'probe' },
          spec: { ...dropHelper().spec!, hostPID: true },
        }),
      ),
      outcome(createJob(runner, ns, { metadata: { name: 'probe' }, spec: { completions: 0, template: neverRuns } })),
    ]);
    return probes.every((p) => p.code === 403 && p.message.includes(ns));
  }).catch((error: unknown) => assert.fail(`${(error as Error).message}; last probes: ${JSON.stringify(probes)}`));
  return { ns, apiNs, runner, sweeper: await serviceAccountKube(cluster, ns, 'netpart-sweeper'), api: await serviceAccountKube(cluster, apiNs, 'netpart-api') };
}

const binding = (name: string, namespace: string, role: string, subjects: object[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name, namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
  subjects,
});

describe('manifests/admission on the testbed', { skip: c.skip, timeout: 240_000 }, () => {
  let s: Setup;
  const cleanups: (() => Promise<unknown>)[] = [];
  before(async () => {
    s = await setUp(c.get(), cleanups);
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** Asserts a 403 from the named policy (shipped name) with the named rule in the message. */
  async function assertDenied(what: string, call: Promise<unknown>, policy: string, rule: string): Promise<void> {
    const result = await outcome(call);
    assert.equal(result.code, 403, `${what}: expected a denial, got ${result.code} ${result.message}`);
    assert.match(result.message, new RegExp(`ValidatingAdmissionPolicy '${policy}-${s.ns}'`), `${what}: denied by ${policy}`);
    assert.ok(result.message.includes(`[${rule}]`), `${what}: names the rule [${rule}]: ${result.message}`);
  }
  async function assertAllowed(what: string, call: Promise<unknown>): Promise<void> {
    const result = await outcome(call);
    assert.equal(result.code, 200, `${what}: ${result.message}`);
  }

  test("without the policies RBAC alone lets a netpart-runner swap a pod's image (why they exist)", async () => {
    const cluster = c.get();
    // Another namespace's runner: the same RBAC, outside this test's copies of the policies.
    const bare = await cluster.newNamespace('adm-bare');
    kubectlApply(cluster.kubeconfigPath, renderInNamespace('manifests/base', bare));
    await createRunningPods(cluster.kube, bare, [idlePod('victim', { app: 'victim' })]);
    const runner = await serviceAccountKube(cluster, bare, 'netpart-runner');
    const swap = { spec: { containers: [{ name: 'main', image: 'registry.example/attacker:latest' }] } };
    await assertAllowed(
      'image swap, RBAC only',
      rawJson(runner.config, { method: 'PATCH', path: `${podPath(bare, 'victim')}?dryRun=All`, contentType: STRATEGIC_MERGE, body: swap }),
    );
    await assertDenied(
      'the same image swap under the policies',
      rawJson(s.runner.config, { method: 'PATCH', path: `${podPath(s.ns, 'target-0')}?dryRun=All`, contentType: STRATEGIC_MERGE, body: swap }),
      'netpart-pod-labels',
      'no-spec-change',
    );
  });

  for (const who of ['runner', 'api'] as const) {
    for (const mode of ['keep', 'reset', 'drop'] as const) {
      test(`${who}: its token injects and recovers a partition with established=${mode} through the engine`, async () => {
        const { kube } = c.get();
        const engine = createFaultEngine(s[who], { namespaces: [s.ns], established: settings });
        try {
          const fault = await engine.inject({
            namespace: s.ns,
            target: { prefix: 'target-' },
            blockNats: false,
            blockPods: [{ labels: { app: 'peer' } }],
            established: mode,
            duration: 120,
          });
          if (mode !== 'keep') assert.equal(fault.established?.mode, mode);
          await engine.recover(fault.id, s.ns);
          await assertNoLeftovers(kube, s.ns);
          // Recovery deletes the expiry Job without failing when it cannot, so a denial would only show here.
          const jobs = await kube.batch.listNamespacedJob({ namespace: s.ns, labelSelector: `netpart.dev/fault-id=${fault.id}` });
          assert.deepEqual(
            jobs.items.filter((j) => !j.metadata?.deletionTimestamp).map((j) => j.metadata?.name),
            [],
            'the expiry Job is deleted at recovery',
          );
        } finally {
          await engine.release();
        }
      });
    }
  }

  for (const mode of ['reset', 'drop'] as const) {
    test(`a tools image other than the pinned one: established=${mode} is refused before anything exists, naming the rule`, async () => {
      const engine = createFaultEngine(s.runner, { namespaces: [s.ns], established: { ...settings, image: 'registry.example/mirror/netpart/tools:0.1.0' } });
      try {
        await assert.rejects(
          engine.inject({
            namespace: s.ns,
            target: { prefix: 'target-' },
            blockNats: false,
            blockPods: [{ labels: { app: 'peer' } }],
            established: mode,
            duration: 120,
          }),
          (e: Error) => /established=\w+ cannot be performed here/.test(e.message) && e.message.includes('[tools-image-only]'),
        );
        await assertNoLeftovers(c.get().kube, s.ns);
      } finally {
        await engine.release();
      }
    });
  }

  test("the sweeper's token removes a fault a dead runner left: its policy (the pod keeps its uid label)", async () => {
    const engine = createFaultEngine(s.runner, { namespaces: [s.ns], established: settings });
    await engine.inject({ namespace: s.ns, target: { prefix: 'target-' }, blockNats: false, blockPods: [{ labels: { app: 'peer' } }], duration: 60 });
    await engine.release(); // the runner "dies" holding the fault
    const report = await sweepFaults(s.sweeper, { namespaces: [s.ns], now: () => new Date(Date.now() + 3_600_000) });
    assert.equal(report.deletedPolicies.length, 1, JSON.stringify(report));
    assert.equal(report.removedLabels.length, 0, JSON.stringify(report));
    await assertNoLeftovers(c.get().kube, s.ns);
  });

  for (const who of ['runner', 'api'] as const) {
    test(`${who}: every operation a partition and the helpers need is admitted`, async () => {
      const kube = s[who];
      const id = faultId();
      const key = `fault.netpart.dev/${id}`;
      await assertAllowed('label a pod with a fault label', patchPod(kube, s.ns, 'target-0', { metadata: { labels: { [key]: 'target' } } }, false));
      await assertAllowed('remove the fault label', patchPod(kube, s.ns, 'target-0', { metadata: { labels: { [key]: null } } }, false));
      const mark = JSON.stringify({ injectedAt: new Date().toISOString(), expiresAt: new Date().toISOString(), owner: 'job/x/y' });
      await assertAllowed(
        'label a pod with a fault label and its mark (what the engine sends)',
        patchPod(kube, s.ns, 'target-0', { metadata: { labels: { [key]: 'target' }, annotations: { [key]: mark } } }, false),
      );
      await assertAllowed('remove both', patchPod(kube, s.ns, 'target-0', { metadata: { labels: { [key]: null }, annotations: { [key]: null } } }, false));
      const target = await c.get().kube.core.readNamespacedPod({ name: 'target-0', namespace: s.ns });
      const uid = target.metadata?.uid ?? assert.fail('target-0 has no uid');
      await assertAllowed(
        "put the pod's uid label on (exactly what the engine sends)",
        patchPod(kube, s.ns, 'target-0', { metadata: { uid, labels: { [LABEL_POD_UID]: uid } } }, false),
      );
      await assertAllowed('remove the uid label', patchPod(kube, s.ns, 'target-0', { metadata: { labels: { [LABEL_POD_UID]: null } } }, false));
      await assertAllowed('create a policy in the form of earlier releases', createPolicy(kube, s.ns, earlierReleasePolicy(id)));
      await assertAllowed('create a partition policy', createPolicy(kube, s.ns, netpartPolicy(id), false));
      // what the IP follower sends (runner/faults/hold.ts): the rules and the blocked-pods annotation
      const follow = {
        metadata: { annotations: { 'netpart.dev/blocked-pods': '[]' } },
        spec: { egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.2/32'] } }] }] },
      };
      await assertAllowed('patch the partition policy', patchPolicy(kube, s.ns, `netpart-${id}`, follow, false));
      await assertAllowed('delete the partition policy', deletePolicy(kube, s.ns, `netpart-${id}`, false));
      await assertAllowed('add the reset container (exactly what the engine sends)', addEphemeral(kube, s.ns, 'target-0', resetHelper()));
      const helper = dropHelper();
      await assertAllowed('create a drop helper pod (exactly what the engine sends)', createPod(kube, helper, false));
      await assertAllowed('delete the drop helper pod', deleteDropPod(kube, HELPER_NAMESPACE, helper.metadata!.name!));
      await assertAllowed('create an expiry Job', createJob(kube, s.ns, expiryJobOf(s.ns, id), false));
      const job = await c.get().kube.batch.readNamespacedJob({ name: `netpart-expiry-${id}`, namespace: s.ns });
      const rearm = { metadata: { uid: job.metadata?.uid, annotations: { 'netpart.dev/expires-at': new Date(Date.now() + 900_000).toISOString() } } };
      await assertAllowed(
        "re-arm the expiry Job's TTL (exactly what the engine sends)",
        patchJob(kube, s.ns, `netpart-expiry-${id}`, { ...rearm, spec: { ttlSecondsAfterFinished: 900 } }, false),
      );
      await assertAllowed('delete the expiry Job', deleteJob(kube, s.ns, `netpart-expiry-${id}`, false));
    });

    test(`${who}: what RBAC would also allow is denied, each naming its rule`, async () => {
      const kube = s[who];
      const admin = c.get().kube;
      const id = faultId();
      // Pods: only the fault label.
      const podDenials: [string, object, string][] = [
        ['another label', { metadata: { labels: { app: 'evil' } } }, 'fault-labels-only'],
        ['remove a label', { metadata: { labels: { app: null } } }, 'fault-labels-only'],
        ['a fault label with another value', { metadata: { labels: { [`fault.netpart.dev/${id}`]: 'x' } } }, 'fault-label-value'],
        ["the uid label with another pod's uid", { metadata: { labels: { [LABEL_POD_UID]: '0b6f3f0e-1111-4222-8333-944445555666' } } }, 'fault-label-value'],
        ['an annotation', { metadata: { annotations: { 'netpart.dev/anything': 'x' } } }, 'fault-annotations-only'],
        ['the image', { spec: { containers: [{ name: 'main', image: 'registry.example/attacker:latest' }] } }, 'no-spec-change'],
        ['a deadline (the kubelet would kill the pod)', { spec: { activeDeadlineSeconds: 1 } }, 'no-spec-change'],
        [
          'an owner (the garbage collector would delete the pod)',
          { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', uid: '00000000-0000-0000-0000-000000000000' }] } },
          'no-ownership-change',
        ],
        ['a finalizer', { metadata: { finalizers: ['example.com/hold'] } }, 'no-ownership-change'],
      ];
      for (const [what, body, rule] of podDenials) {
        const contentType = 'spec' in body ? STRATEGIC_MERGE : 'application/merge-patch+json';
        await assertDenied(
          `pod: ${what}`,
          rawJson(kube.config, { method: 'PATCH', path: `${podPath(s.ns, 'target-0')}?dryRun=All`, contentType, body }),
          'netpart-pod-labels',
          rule,
        );
      }

      // NetworkPolicies: only netpart's own.
      const user = `user-policy-${who}`;
      await admin.net.createNamespacedNetworkPolicy({
        namespace: s.ns,
        body: { metadata: { name: user, labels: { team: 'sec' } }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
      });
      await assertDenied("delete a user's NetworkPolicy", deletePolicy(kube, s.ns, user), 'netpart-network-policies', 'netpart-policies-only');
      await assertDenied(
        "patch a user's NetworkPolicy",
        patchPolicy(kube, s.ns, user, { spec: { podSelector: { matchLabels: { nobody: 'x' } } } }),
        'netpart-network-policies',
        'netpart-policies-only',
      );
      await assertDenied(
        "label a user's NetworkPolicy as netpart's",
        patchPolicy(kube, s.ns, user, { metadata: { labels: { 'app.kubernetes.io/managed-by': 'netpart', 'netpart.dev/fault-id': id } } }),
        'netpart-network-policies',
        'netpart-policies-only',
      );
      await assertDenied(
        "create a policy without netpart's labels",
        createPolicy(kube, s.ns, { ...netpartPolicy(id), metadata: { name: `plain-${id}` } }),
        'netpart-network-policies',
        'netpart-labels-kept',
      );
      const everyone = netpartPolicy(id);
      everyone.spec = { podSelector: {}, policyTypes: ['Ingress'] };
      await assertDenied(
        'create a netpart-labelled policy selecting every pod',
        createPolicy(kube, s.ns, everyone),
        'netpart-network-policies',
        'selects-own-targets-only',
      );
      await createPolicy(kube, s.ns, netpartPolicy(id), false);
      await assertDenied(
        'strip managed-by from a netpart policy',
        patchPolicy(kube, s.ns, `netpart-${id}`, { metadata: { labels: { 'app.kubernetes.io/managed-by': null } } }),
        'netpart-network-policies',
        'netpart-labels-kept',
      );
      await assertDenied(
        "change a netpart policy's fault id",
        patchPolicy(kube, s.ns, `netpart-${id}`, { metadata: { labels: { 'netpart.dev/fault-id': faultId() } } }),
        'netpart-network-policies',
        'fault-id-fixed',
      );
      await assertDenied(
        'widen a netpart policy to every pod',
        patchPolicy(kube, s.ns, `netpart-${id}`, { spec: { podSelector: { matchExpressions: null } } }),
        'netpart-network-policies',
        'selects-own-targets-only',
      );
      await assertDenied(
        'make a netpart policy select by an app label too',
        patchPolicy(kube, s.ns, `netpart-${id}`, { spec: { podSelector: { matchLabels: { app: 'target' } } } }),
        'netpart-network-policies',
        'selects-own-targets-only',
      );
      await assertDenied(
        'make a netpart policy select by another key',
        patchPolicy(kube, s.ns, `netpart-${id}`, { spec: { podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } } }),
        'netpart-network-policies',
        'selects-own-targets-only',
      );
      await deletePolicy(kube, s.ns, `netpart-${id}`, false);

      // The reset container: the tools image, root with only NET_ADMIN, nothing else.
      const reset = resetHelper;
      // A volume the target pod really has: an unknown name would be refused by validation before admission.
      const tokenVolume =
        (await admin.core.readNamespacedPod({ name: 'target-0', namespace: s.ns })).spec?.volumes?.[0]?.name ?? assert.fail('target-0 has no volume');
      const ephemeralDenials: [string, V1EphemeralContainer, string][] = [
        ['another image', { ...reset(), image: 'registry.example/attacker:latest' }, 'tools-image-only'],
        [
          'another capability',
          { ...reset(), securityContext: { ...reset().securityContext, capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'SYS_ADMIN'] } } },
          'net-admin-only',
        ],
        [
          'default capabilities kept (no drop ALL)',
          { ...reset(), securityContext: { ...reset().securityContext, capabilities: { add: ['NET_ADMIN'] } } },
          'net-admin-only',
        ],
        // the apiserver itself refuses privileged together with allowPrivilegeEscalation: false
        [
          'privileged',
          { ...reset(), securityContext: { ...reset().securityContext, privileged: true, allowPrivilegeEscalation: undefined } },
          'not-privileged',
        ],
        ['privilege escalation', { ...reset(), securityContext: { ...reset().securityContext, allowPrivilegeEscalation: true } }, 'not-privileged'],
        ['a writable root', { ...reset(), securityContext: { ...reset().securityContext, readOnlyRootFilesystem: false } }, 'read-only-root'],
        ['a volume', { ...reset(), volumeMounts: [{ name: tokenVolume, mountPath: '/secrets' }] }, 'no-mounts'],
        ['a command of its own', { ...reset(), command: ['sh', '-c', 'iptables -t nat -A PREROUTING -j DNAT --to 10.0.0.9'] }, 'entrypoint-only'],
        ['env from a secret', { ...reset(), env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }, 'plain-env-only'],
        ["the app container's process namespace", { ...reset(), targetContainerName: 'main' }, 'no-target-container'],
        ['seccomp Unconfined', { ...reset(), securityContext: { ...reset().securityContext, seccompProfile: { type: 'Unconfined' } } }, 'default-confinement'],
      ];
      for (const [what, container, rule] of ephemeralDenials)
        await assertDenied(`reset container: ${what}`, addEphemeral(kube, s.ns, 'target-0', container), 'netpart-helpers', rule);

      // The drop helper pod: hostNetwork, one tools container with only NET_ADMIN, nothing else.
      const spec = (change: Partial<NonNullable<V1Pod['spec']>>): V1Pod => ({ ...dropHelper(), spec: { ...dropHelper().spec!, ...change } });
      const container = (change: (c: NonNullable<V1Pod['spec']>['containers'][number]) => void): V1Pod => {
        const pod = dropHelper();
        change(pod.spec!.containers[0]!);
        return pod;
      };
      const podDenialsOnCreate: [string, V1Pod, string][] = [
        ['not hostNetwork', spec({ hostNetwork: false }), 'host-network-only'],
        ['hostPID as well', spec({ hostPID: true }), 'host-network-only'],
        ['another image', container((x) => (x.image = 'registry.example/attacker:latest')), 'tools-image-only'],
        [
          'another capability',
          container((x) => (x.securityContext = { ...x.securityContext, capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW'] } })),
          'net-admin-only',
        ],
        [
          'privileged',
          container((x) => (x.securityContext = { ...x.securityContext, privileged: true, allowPrivilegeEscalation: undefined })),
          'not-privileged',
        ],
        [
          'a hostPath volume',
          {
            ...container((x) => (x.volumeMounts = [{ name: 'root', mountPath: '/host' }])),
            spec: {
              ...container((x) => (x.volumeMounts = [{ name: 'root', mountPath: '/host' }])).spec!,
              volumes: [{ name: 'root', hostPath: { path: '/' } }],
            },
          },
          'no-volumes',
        ],
        [
          'a second container',
          spec({ containers: [...dropHelper().spec!.containers, { ...dropHelper().spec!.containers[0]!, name: 'second' }] }),
          'one-container',
        ],
        ['a ServiceAccount token', spec({ automountServiceAccountToken: true }), 'no-token'],
        ['no deadline', spec({ activeDeadlineSeconds: undefined }), 'ends-by-itself'],
        ['a sysctl', spec({ securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }] } }), 'pod-confinement'],
        [
          'no helper label',
          { ...dropHelper(), metadata: { ...dropHelper().metadata, labels: { 'app.kubernetes.io/managed-by': 'netpart' } } },
          'drop-helper-metadata',
        ],
        [
          'an AppArmor annotation',
          { ...dropHelper(), metadata: { ...dropHelper().metadata, annotations: { 'container.apparmor.security.beta.kubernetes.io/cut': 'unconfined' } } },
          'drop-helper-metadata',
        ],
      ];
      for (const [what, pod, rule] of podDenialsOnCreate) await assertDenied(`drop helper: ${what}`, createPod(kube, pod), 'netpart-helpers', rule);

      // Jobs: only expiry Jobs, which never run a pod.
      const runs = expiryJobOf(s.ns, id);
      runs.spec!.completions = 1;
      await assertDenied('create a Job that runs a pod', createJob(kube, s.ns, runs), 'netpart-expiry-jobs', 'never-runs');
      await assertDenied(
        'create a Job without the expiry labels',
        createJob(kube, s.ns, { ...expiryJobOf(s.ns, id), metadata: { name: `plain-${id}` } }),
        'netpart-expiry-jobs',
        'expiry-job-labels',
      );
      const userJob = `user-job-${who}`;
      await admin.batch.createNamespacedJob({ namespace: s.ns, body: { metadata: { name: userJob }, spec: { suspend: true, template: neverRuns } } });
      await assertDenied("delete a user's Job", deleteJob(kube, s.ns, userJob), 'netpart-expiry-jobs', 'own-expiry-jobs-only');
      await assertDenied("change a user's Job", patchJob(kube, s.ns, userJob, { spec: { suspend: false } }), 'netpart-expiry-jobs', 'own-expiry-jobs-only');
      const expiry = expiryJobOf(s.ns, `${id}x`);
      await admin.batch.createNamespacedJob({ namespace: s.ns, body: expiry });
      await assertDenied(
        'take the expiry labels off an expiry Job',
        patchJob(kube, s.ns, expiry.metadata!.name!, { metadata: { labels: { 'netpart.dev/role': null } } }),
        'netpart-expiry-jobs',
        'expiry-job-labels',
      );

      // Deleting in the helper namespace: only drop helpers. The bystander never runs (its node does not exist).
      const bystander = `not-a-helper-${s.ns}-${who}`;
      await admin.core.createNamespacedPod({
        namespace: HELPER_NAMESPACE,
        body: { metadata: { name: bystander }, spec: { nodeName: NOWHERE, containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] } },
      });
      try {
        await assertDenied(
          'delete a pod in the helper namespace that is not a drop helper',
          deletePod(kube, HELPER_NAMESPACE, bystander),
          'netpart-helpers',
          'own-helpers-only',
        );
      } finally {
        await admin.core.deleteNamespacedPod({ name: bystander, namespace: HELPER_NAMESPACE, gracePeriodSeconds: 0 }).catch(() => undefined);
      }
    });
  }

  test("the sweeper's token deletes a leftover drop helper but no other pod in the helper namespace", async () => {
    const helper = dropHelper();
    await c.get().kube.core.createNamespacedPod({ namespace: HELPER_NAMESPACE, body: helper });
    await assertAllowed('delete a drop helper', deleteDropPod(s.sweeper, HELPER_NAMESPACE, helper.metadata!.name!));
    await c.get().kube.net.createNamespacedNetworkPolicy({ namespace: s.ns, body: { metadata: { name: 'user-sweeper' }, spec: { podSelector: {} } } });
    await assertDenied("delete a user's NetworkPolicy", deletePolicy(s.sweeper, s.ns, 'user-sweeper'), 'netpart-network-policies', 'netpart-policies-only');
    assert.deepEqual((await c.get().kube.net.listNamespacedNetworkPolicy({ namespace: s.ns, labelSelector: POLICY_SELECTOR })).items, []);
  });
});
