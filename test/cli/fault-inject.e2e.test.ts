// fault-inject against the testbed: explain → inject → list/get → recover (twice) → sweep, and clean refusals.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterSuite, type TestCluster } from '../support/cluster.ts';
import { createRunningPods, idlePod, installEstablishedRbac } from '../../testbed/index.ts';

const c = clusterSuite();
const root = fileURLToPath(new URL('../../', import.meta.url));

function cli(cluster: TestCluster, args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'runner/cli/fault-inject.ts'), '--kubeconfig', cluster.kubeconfigPath, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('fault-inject on the testbed', { skip: c.skip, timeout: 300_000 }, () => {
  test('explain, inject, list, get, recover twice, sweep', async () => {
    const cluster = c.get();
    const ns = await cluster.newNamespace('fi');
    await createRunningPods(cluster.kube, ns, [
      idlePod('worker-0', { app: 'worker' }),
      idlePod('worker-1', { app: 'worker' }),
      idlePod('nats-0', { 'app.kubernetes.io/name': 'nats' }),
    ]);

    const explain = cli(cluster, ['explain', '-n', ns, '--target-prefix', 'worker', '--duration', '2m']);
    assert.equal(explain.code, 0, explain.stderr);
    assert.match(explain.stdout, new RegExp(`${ns}/worker-0 -x-> ${ns}/nats-0`));
    assert.match(explain.stdout, /kind: NetworkPolicy/);
    assert.equal((await cluster.kube.net.listNamespacedNetworkPolicy({ namespace: ns })).items.length, 0, 'explain creates nothing');

    const inject = cli(cluster, ['-o', 'json', 'inject', '-n', ns, '--target-prefix', 'worker', '--duration', '2m']);
    assert.equal(inject.code, 0, inject.stderr);
    const fault = JSON.parse(inject.stdout) as { id: string; targetPods: { name: string }[] };
    assert.deepEqual(
      fault.targetPods.map((p) => p.name),
      ['worker-0'],
    );

    const list = cli(cluster, ['list', '-n', ns]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`^${fault.id}\\s+${ns}\\s+worker-0\\s`, 'm'));
    const get = cli(cluster, ['-o', 'yaml', 'get', fault.id, '-n', ns]);
    assert.match(get.stdout, new RegExp(`id: ${fault.id}`));

    const recover = cli(cluster, ['recover', fault.id, '-n', ns]);
    assert.equal(recover.code, 0, recover.stderr);
    assert.match(recover.stdout, /recovered fault/);
    const again = cli(cluster, ['recover', fault.id, '-n', ns]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already recovered/);
    assert.equal((await cluster.kube.net.listNamespacedNetworkPolicy({ namespace: ns })).items.length, 0);

    const sweep = cli(cluster, ['sweep', '-n', ns]);
    assert.equal(sweep.code, 0, sweep.stderr);
    assert.match(sweep.stdout, /nothing to remove/);

    const missing = cli(cluster, ['get', fault.id, '-n', ns]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /not found/);
  });

  test('bad input and refusals exit 2 with the reason and no stack, creating nothing', async () => {
    const cluster = c.get();
    const ns = await cluster.newNamespace('fi-bad');
    await createRunningPods(cluster.kube, ns, [idlePod('worker-0', { app: 'worker' })]);
    const badFlag = cli(cluster, ['inject', '-n', ns, '--target-prefix', 'worker', '--duration', 'soon']);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /--duration: "soon" is not a duration/);
    const noMatch = cli(cluster, ['inject', '-n', ns, '--target-prefix', 'wrker']);
    assert.equal(noMatch.code, 2);
    assert.match(noMatch.stderr, /worker-0/, 'names the closest pods');
    const share = cli(cluster, ['inject', '-n', ns, '--target-prefix', 'worker', '--block-pods', 'app=x']);
    assert.equal(share.code, 2);
    assert.match(share.stderr, /refused|share/i);
    for (const run of [badFlag, noMatch, share]) assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.equal((await cluster.kube.net.listNamespacedNetworkPolicy({ namespace: ns })).items.length, 0);
  });

  test('--established: explain says what happens to open connections; a refused mode exits 2 naming the fix; drop reports its cut', async () => {
    const cluster = c.get();
    const ns = await cluster.newNamespace('fi-est', { 'pod-security.kubernetes.io/enforce': 'baseline' });
    await installEstablishedRbac(cluster.kube, ns);
    await createRunningPods(cluster.kube, ns, [idlePod('worker-0', { app: 'worker' }), idlePod('nats-0', { 'app.kubernetes.io/name': 'nats' })]);
    const explain = cli(cluster, ['explain', '-n', ns, '--target-prefix', 'worker', '--established', 'reset']);
    assert.equal(explain.code, 0, explain.stderr);
    assert.match(explain.stdout, /connections already open:\s+reset: the target pods' sockets/);
    assert.match(explain.stdout, /established=reset cannot be performed here: .*baseline/, "the apiserver's refusal shows as a warning");
    const refused = cli(cluster, ['inject', '-n', ns, '--target-prefix', 'worker', '--established', 'reset']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /established=reset cannot be performed here/);
    assert.match(refused.stderr, /use established=drop or keep/);
    assert.equal((await cluster.kube.net.listNamespacedNetworkPolicy({ namespace: ns })).items.length, 0, 'nothing was created');
    const bad = cli(cluster, ['inject', '-n', ns, '--target-prefix', 'worker', '--established', 'cut']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /established/);

    const drop = cli(cluster, ['explain', '-n', ns, '--target-prefix', 'worker', '--established', 'drop']);
    assert.match(drop.stdout, new RegExp(`${ns}/worker-0 <-x-> ${ns}/nats-0`), 'drop cuts both directions');
    const injected = cli(cluster, ['inject', '-n', ns, '--target-prefix', 'worker', '--established', 'drop', '--duration', '2m']);
    assert.equal(injected.code, 0, injected.stderr);
    assert.match(injected.stdout, /open conns: drop: \d+ conntrack entries deleted by 1 helper\(s\)/);
    const id = /fault (\S+) \(active\)/.exec(injected.stdout)?.[1] ?? '';
    assert.equal(cli(cluster, ['recover', id, '-n', ns]).code, 0);
  });
});
