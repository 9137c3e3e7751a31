// Pods on the testbed live in their own network namespaces: distinct pod IPs, real TCP between them, and a
// NetworkPolicy that the enforcer (kube-router or Felix) enforces on those packets within seconds; Services resolve through cluster DNS
// (CoreDNS) and route through kube-proxy, and a policy still applies behind the Service's ClusterIP.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { clusterSuite, waitFor } from '../support/cluster.ts';
import { DATAPLANE_NODE_IP } from '../../testbed/dataplane/mode.ts';
import { TESTBED_LAYOUT } from '../../testbed/dataplane/layout.ts';
import { readState } from '../../testbed/state.ts';

const c = clusterSuite();
const PORT = 8080;

// The testbed may run without the dataplane (not root, no `ip netns`): then there is nothing to enforce.
function dataplaneSkip(): string | false {
  if (c.skip) return c.skip;
  const state = readState();
  if (state?.dataplane === 'netns' || state?.kubeconfig !== process.env.NETPART_TEST_KUBECONFIG) return false;
  const reason = '!!! TESTBED WITHOUT DATAPLANE (host sandbox): network-namespace tests SKIPPED';
  if (process.env.CI === 'true') throw new Error(`${reason} — CI=true requires the dataplane`);
  return reason;
}

// The server reports its own interfaces (proof it is not on the host network), then answers every connection.
const SERVER = `
const os = require('os');
console.log('eth0=' + (os.networkInterfaces().eth0 ?? []).filter((a) => a.family === 'IPv4').map((a) => a.address).join(','));
require('net').createServer((s) => s.end('pong')).listen(${PORT});`;

// The client dials the server every 200 ms with a fresh connection and logs the outcome with a timestamp.
const CLIENT = `
const net = require('net');
const tick = () => {
  const s = net.connect({ host: process.env.TARGET, port: ${PORT}, timeout: 1000 });
  const report = (what) => { console.log(Date.now() + ' ' + what); s.destroy(); setTimeout(tick, 200); };
  s.once('data', (d) => report('ok ' + d));
  s.once('error', (e) => report('fail ' + e.code));
  s.once('timeout', () => report('fail TIMEOUT'));
};
tick();`;

function nodePod(name: string, app: string, script: string, env: Record<string, string> = {}): V1Pod {
  return {
    metadata: { name, labels: { app } },
    spec: {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'main', image: 'node:22', command: ['node', '-e', script], env: Object.entries(env).map(([n, value]) => ({ name: n, value })) }],
    },
  };
}

/** Client log lines after `since` (ms epoch), as [time, outcome]. */
async function outcomesSince(ns: string, since: number): Promise<Array<[number, string]>> {
  const log = await c.get().kube.core.readNamespacedPodLog({ name: 'client', namespace: ns });
  return log
    .split('\n')
    .map((line) => /^(\d+) (.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[1]) > since)
    .map((m) => [Number(m[1]), m[2] as string]);
}

describe('testbed pods in network namespaces', { skip: dataplaneSkip(), timeout: 120_000 }, () => {
  test('pods get distinct IPs, talk TCP, and a deny policy cuts them within seconds', async () => {
    const { kube, newNamespace } = c.get();
    const ns = await newNamespace('netns');
    await kube.core.createNamespacedPod({ namespace: ns, body: nodePod('server', 'server', SERVER) });
    const running = (name: string) => async () => {
      const pod = await kube.core.readNamespacedPod({ name, namespace: ns });
      return pod.status?.phase === 'Running' && pod.status.podIP ? pod : undefined;
    };
    const server = await waitFor('server pod Running with an IP', running('server'));
    const serverIP = server.status?.podIP as string;
    await kube.core.createNamespacedPod({ namespace: ns, body: nodePod('client', 'client', CLIENT, { TARGET: serverIP }) });
    const client = await waitFor('client pod Running with an IP', running('client'));
    const clientIP = client.status?.podIP as string;

    const range = TESTBED_LAYOUT.podRange.replace(/\.0\.0$/, '');
    for (const ip of [serverIP, clientIP]) assert.ok(ip.startsWith(`${range}.`), `${ip} is in ${TESTBED_LAYOUT.podRange}/16`);
    assert.notEqual(serverIP, clientIP, 'each pod has its own IP');
    assert.notEqual(serverIP, DATAPLANE_NODE_IP, 'a pod IP is not the node IP');
    assert.equal(server.status?.hostIP, DATAPLANE_NODE_IP, 'hostIP is the node InternalIP kube-router matches');
    const serverLog = await waitFor(
      'the server to report its interfaces',
      async () => (await kube.core.readNamespacedPodLog({ name: 'server', namespace: ns })).match(/eth0=(.*)/)?.[1],
    );
    assert.equal(serverLog, serverIP, "the server process's own eth0 carries its pod IP (it runs in the pod's namespace)");

    await waitFor('the client to reach the server', async () => (await outcomesSince(ns, 0)).some(([, o]) => o === 'ok pong'));

    // Deny all ingress to the server: no ingress rules at all.
    const created = Date.now();
    await kube.net.createNamespacedNetworkPolicy({
      namespace: ns,
      body: { metadata: { name: 'deny-server' }, spec: { podSelector: { matchLabels: { app: 'server' } }, policyTypes: ['Ingress'] } },
    });
    const cutAt = await waitFor('a refused connection after the policy', async () => {
      const after = await outcomesSince(ns, created);
      const first = after.findIndex(([, o]) => o.startsWith('fail'));
      return first >= 0 ? after[first]?.[0] : undefined;
    });
    // Once cut, every later attempt fails (no flapping back while the policy exists). Three attempts take ~1 s where the
    // enforcer REJECTs (kube-router) and ~4 s where it DROPs (Felix: each attempt waits out its 1 s connect timeout).
    await waitFor('three more attempts after the cut', async () => (await outcomesSince(ns, cutAt)).length >= 3);
    const later = (await outcomesSince(ns, cutAt)).map(([, o]) => o);
    assert.deepEqual(
      later.filter((o) => o.startsWith('ok')),
      [],
      'no connection gets through while the policy exists',
    );
    console.log(`# time-to-cut: ${cutAt - created} ms from policy create to the first failed connection (${later[0]})`);

    const deleted = Date.now();
    await kube.net.deleteNamespacedNetworkPolicy({ name: 'deny-server', namespace: ns });
    await waitFor('the client to reach the server again after the policy is gone', async () =>
      (await outcomesSince(ns, deleted)).some(([, o]) => o === 'ok pong'),
    );
  });

  test('a pod reaches a Service by its short name (cluster DNS + kube-proxy), and a policy cuts it behind the ClusterIP', async () => {
    const { kube, newNamespace } = c.get();
    const ns = await newNamespace('svc');
    await kube.core.createNamespacedPod({ namespace: ns, body: nodePod('server', 'server', SERVER) });
    await kube.core.createNamespacedService({
      namespace: ns,
      body: { metadata: { name: 'echo' }, spec: { selector: { app: 'server' }, ports: [{ port: PORT, targetPort: PORT }] } },
    });
    const service = await kube.core.readNamespacedService({ name: 'echo', namespace: ns });
    assert.match(service.spec?.clusterIP ?? '', /^10\.96\./, 'the Service got a ClusterIP from the service range');
    // The short name only resolves through the pod's resolv.conf search path (<ns>.svc.cluster.local, ndots:5).
    await kube.core.createNamespacedPod({ namespace: ns, body: nodePod('client', 'client', CLIENT, { TARGET: 'echo' }) });
    await waitFor('the client to reach the server through the Service name', async () => (await outcomesSince(ns, 0)).some(([, o]) => o === 'ok pong'));

    const created = Date.now();
    await kube.net.createNamespacedNetworkPolicy({
      namespace: ns,
      body: { metadata: { name: 'deny-server' }, spec: { podSelector: { matchLabels: { app: 'server' } }, policyTypes: ['Ingress'] } },
    });
    const cutAt = await waitFor(
      'a failed connection through the Service after the policy',
      async () => (await outcomesSince(ns, created)).find(([, o]) => o.startsWith('fail'))?.[0],
    );
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(
      (await outcomesSince(ns, cutAt)).filter(([, o]) => o.startsWith('ok')),
      [],
      'nothing gets through the ClusterIP while the policy exists',
    );
    await kube.net.deleteNamespacedNetworkPolicy({ name: 'deny-server', namespace: ns });
    const deleted = Date.now();
    await waitFor('the Service path to work again after the policy is gone', async () => (await outcomesSince(ns, deleted)).some(([, o]) => o === 'ok pong'));
  });
});
