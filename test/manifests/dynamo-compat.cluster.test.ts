// The dynamo-compat overlay on the testbed: applied as rendered (app namespace re-pointed at a test namespace,
// cluster-scoped names suffixed), the API pod runs from the image layout, and a labelled pod calls it through
// http://fault-injection-api.fault-injection-system:8080 with no token, as the old client does. An unlabelled pod
// is not let in by the ingress NetworkPolicy.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { AppsV1Api } from '@kubernetes/client-node';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';
import { POLICY_SELECTOR } from '../../runner/faults/labels.ts';
import { kubectlApply, renderKustomize, type Manifest } from './kustomize.ts';

const c = clusterSuite();
const SYSTEM = 'fault-injection-system';
const suffix = Math.random().toString(36).slice(2, 7);

/** The rendered overlay with "dynamo" replaced by `app` and cluster-scoped names made unique for this run. */
function overlayFor(app: string): Manifest[] {
  const clusterScoped = (d: Manifest) => d.kind === 'ClusterRole' || d.kind === 'ClusterRoleBinding';
  return renderKustomize('manifests/overlays/dynamo-compat').map((d) => {
    const doc = JSON.parse(JSON.stringify(d)) as Manifest;
    if (doc.metadata.namespace === 'dynamo') doc.metadata.namespace = app;
    if (doc.kind === 'ConfigMap' && doc.metadata.name === 'fault-injection-app-namespaces') doc.data.namespaces = app;
    if (clusterScoped(doc)) doc.metadata.name = `${doc.metadata.name}-${suffix}`;
    if (doc.roleRef?.kind === 'ClusterRole') doc.roleRef.name = `${doc.roleRef.name}-${suffix}`;
    return doc;
  });
}

// A one-shot pod of the demo-app image (node) that calls the API with fetch, no token, and prints what it got.
function clientPod(name: string, labels: Record<string, string>, script: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { restartPolicy: 'Never', containers: [{ name: 'client', image: 'ghcr.io/netpart/demo-app:0.1.0', command: ['/nodejs/bin/node', '-e', script] }] },
  };
}

describe('manifests/overlays/dynamo-compat on the testbed', { skip: c.skip }, () => {
  let app = '';
  let docs: Manifest[] = [];
  before(async () => {
    app = await c.get().newNamespace('compat');
    await createRunningPods(c.get().kube, app, dynamoPods());
    docs = overlayFor(app);
    kubectlApply(c.get().kubeconfigPath, docs);
  });
  after(async () => {
    if (c.skip) return;
    const file = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs.filter((d) => d.metadata.namespace !== app) });
    execFileSync('kubectl', ['delete', '--wait=false', '--ignore-not-found', '-f', '-'], {
      input: file,
      env: { ...process.env, KUBECONFIG: c.get().kubeconfigPath },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  });

  test('a labelled pod injects and recovers through the guide URL with no token; an unlabelled one cannot connect', async () => {
    const kube = c.get().kube;
    await waitFor(
      'API Deployment available',
      async () => {
        const d = await kube.config.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: 'netpart-api', namespace: SYSTEM });
        return (d.status?.availableReplicas ?? 0) >= 1;
      },
      120_000,
    );
    const url = 'http://fault-injection-api.fault-injection-system:8080';
    const body = JSON.stringify({
      partition_type: 'frontend_worker',
      source: app,
      target: app,
      mode: 'networkpolicy',
      parameters: { namespace: app, target_pod_prefix: 'vllm-decode-worker', block_nats: true },
      duration: '60',
    });
    const script = `(async () => {
      // A pod that starts at once may dial before the API process listens or before the enforcer has added the new IP
      // to the API's allowed peers (refused / timed out): a connection not made yet is tried again for up to 60 s;
      // an HTTP answer is never retried.
      const send = async (p, b) => { const r = await fetch(${JSON.stringify(url)} + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b }); return { status: r.status, json: await r.json() }; };
      const post = async (p, b) => { const until = Date.now() + 60000; for (;;) { try { return await send(p, b); } catch (e) { if (Date.now() > until) throw e; await new Promise((r) => setTimeout(r, 1000)); } } };
      const injected = await post('/api/v1/faults/network/inject', ${JSON.stringify(body)});
      console.log(JSON.stringify({ injected }));
      await new Promise((r) => setTimeout(r, 3000));
      const recovered = await post('/api/v1/faults/' + injected.json.fault_id + '/recover');
      console.log(JSON.stringify({ recovered }));
    })().catch((e) => { console.log(JSON.stringify({ error: String(e && e.cause || e) })); process.exit(3); });`;
    await kube.core.createNamespacedPod({ namespace: app, body: clientPod('allowed-client', { 'netpart.dev/api-client': 'true' }, script) });
    let policySeen = false;
    const phase = await waitFor(
      'allowed client finished',
      async () => {
        if (!policySeen) policySeen = (await kube.net.listNamespacedNetworkPolicy({ namespace: app, labelSelector: POLICY_SELECTOR })).items.length === 1;
        const p = (await kube.core.readNamespacedPod({ name: 'allowed-client', namespace: app })).status?.phase;
        return p === 'Succeeded' || p === 'Failed' ? p : undefined;
      },
      120_000,
    );
    const log = await kube.core.readNamespacedPodLog({ name: 'allowed-client', namespace: app });
    assert.equal(phase, 'Succeeded', log);
    const lines = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, { status: number; json: Record<string, unknown> }>);
    assert.equal(lines[0]?.injected?.status, 200, log);
    assert.equal(lines[0]?.injected?.json.fault_type, 'network_frontend_worker');
    assert.equal(lines[1]?.recovered?.status, 200, log);
    assert.ok(policySeen, 'the NetworkPolicy existed while the fault was active');
    assert.equal((await kube.net.listNamespacedNetworkPolicy({ namespace: app, labelSelector: POLICY_SELECTOR })).items.length, 0);

    const probe = `fetch(${JSON.stringify(url + '/health')}, { signal: AbortSignal.timeout(5000) }).then((r) => console.log('reached ' + r.status), (e) => console.log('blocked ' + String(e && e.name)))`;
    await kube.core.createNamespacedPod({ namespace: app, body: clientPod('unlabelled-client', {}, probe) });
    await waitFor(
      'unlabelled client finished',
      async () => {
        const p = (await kube.core.readNamespacedPod({ name: 'unlabelled-client', namespace: app })).status?.phase;
        return p === 'Succeeded' || p === 'Failed' ? p : undefined;
      },
      60_000,
    );
    assert.match(await kube.core.readNamespacedPodLog({ name: 'unlabelled-client', namespace: app }), /^blocked/);
  });
});
