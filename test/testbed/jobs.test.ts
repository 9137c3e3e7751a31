// Done-when tests of issue 2 for pods that really run: Job completion, exit codes, and logs via `kubectl logs`.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { V1Job } from '@kubernetes/client-node';
import { clusterSuite, waitFor, type TestCluster } from '../support/cluster.ts';

const c = clusterSuite();
const run = promisify(execFile);

function nodeJob(name: string, script: string): V1Job {
  return {
    metadata: { name },
    spec: {
      backoffLimit: 0,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'node:22', command: ['node', '-e', script] }] } },
    },
  };
}

async function jobCondition(cluster: TestCluster, ns: string, name: string, type: 'Complete' | 'Failed'): Promise<V1Job> {
  return waitFor(
    `Job ${ns}/${name} condition ${type}`,
    async () => {
      const job = await cluster.kube.batch.readNamespacedJob({ name, namespace: ns });
      const conditions = job.status?.conditions ?? [];
      const other = conditions.find((x) => x.status === 'True' && (x.type === 'Complete' || x.type === 'Failed') && x.type !== type);
      if (other) throw new Error(`Job ended ${other.type}: ${other.message}`);
      return conditions.some((x) => x.type === type && x.status === 'True') && job;
    },
    60_000,
  );
}

async function kubectl(cluster: TestCluster, args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', args, { env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath } });
  return stdout;
}

describe('Jobs on the testbed node', { skip: c.skip }, () => {
  test('a Node script Job completes and its logs read through kubectl logs', async () => {
    const cluster = c.get();
    const ns = await cluster.newNamespace('job-ok');
    await cluster.kube.batch.createNamespacedJob({
      namespace: ns,
      body: nodeJob('hello', 'console.log("hello from " + process.env.HOSTNAME); console.error("to stderr")'),
    });
    await jobCondition(cluster, ns, 'hello', 'Complete');
    const logs = await kubectl(cluster, ['logs', '-n', ns, 'job/hello']);
    assert.match(logs, /^hello from hello-[a-z0-9]+\n/);
    assert.match(logs, /to stderr\n/);
    const stamped = await kubectl(cluster, ['logs', '-n', ns, 'job/hello', '--timestamps', '--tail=1']);
    assert.equal(stamped.trimEnd().split('\n').length, 1);
    assert.match(stamped, /^\d{4}-\d\d-\d\dT[\d:.]+Z /);
  });

  test('kubectl logs -f follows a running container until it exits', async () => {
    const cluster = c.get();
    const ns = await cluster.newNamespace('job-follow');
    const script = 'let i=0; const t=setInterval(()=>{console.log("line "+(++i)); if(i===6){clearInterval(t)}}, 400)';
    await cluster.kube.batch.createNamespacedJob({ namespace: ns, body: nodeJob('ticker', script) });
    const pod = await waitFor('the ticker pod to run', async () =>
      (await cluster.kube.core.listNamespacedPod({ namespace: ns, labelSelector: 'job-name=ticker' })).items.find((p) => p.status?.phase === 'Running'),
    );
    const follower = spawn('kubectl', ['logs', '-f', '-n', ns, pod.metadata?.name ?? ''], { env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath } });
    const seen: { text: string; at: number }[] = [];
    follower.stdout.on('data', (chunk: Buffer) => seen.push({ text: chunk.toString(), at: Date.now() }));
    const code = await new Promise<number | null>((resolveExit) => follower.on('close', resolveExit));
    const output = seen.map((s) => s.text).join('');
    assert.equal(code, 0);
    assert.equal(output, [1, 2, 3, 4, 5, 6].map((i) => `line ${i}\n`).join(''));
    // Following means output arrived in several pieces over time, not one read after the container exited.
    assert.ok(seen.length >= 2, `expected streamed chunks, got ${seen.length}`);
    await jobCondition(cluster, ns, 'ticker', 'Complete');
  });

  test('a failing script gives a Failed Job with the exit code in the container status', async () => {
    const cluster = c.get();
    const ns = await cluster.newNamespace('job-fail');
    await cluster.kube.batch.createNamespacedJob({
      namespace: ns,
      body: nodeJob('boom', 'require("fs").writeFileSync("/dev/termination-log", "boom happened"); process.exit(3)'),
    });
    await jobCondition(cluster, ns, 'boom', 'Failed');
    const pods = (await cluster.kube.core.listNamespacedPod({ namespace: ns, labelSelector: 'job-name=boom' })).items;
    assert.equal(pods.length, 1);
    const terminated = pods[0]?.status?.containerStatuses?.[0]?.state?.terminated;
    assert.equal(pods[0]?.status?.phase, 'Failed');
    assert.equal(terminated?.exitCode, 3);
    assert.equal(terminated?.reason, 'Error');
    assert.equal(terminated?.message, 'boom happened');
  });
});
