import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { V1CronJob, V1Job, V1PolicyRule } from '@kubernetes/client-node';
import { renderKustomize } from './kustomize.ts';
import { buildRunnerCronJob, buildRunnerJob, type RunnerJobInput } from '../../runner/cli/incluster/job-spec.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

const rulesOf = (docs: Record<string, any>[], kind: string, name: string): V1PolicyRule[] =>
  docs.find((d) => d.kind === kind && d.metadata.name === name)?.rules ?? assert.fail(`${kind} ${name} missing`);

const verbs = (rules: V1PolicyRule[], group: string, resource: string): string[] =>
  rules
    .filter((r) => r.apiGroups?.includes(group) && r.resources?.includes(resource))
    .flatMap((r) => r.verbs)
    .sort();

describe('manifests/base', () => {
  const docs = renderKustomize('manifests/overlays/example');

  test('renders, namespaced in one place, nothing cluster-wide', () => {
    assert.ok(docs.length >= 8);
    for (const doc of docs) {
      assert.ok(!/^Cluster/.test(doc.kind), `${doc.kind} ${doc.metadata.name} is cluster-scoped`);
      assert.equal(doc.metadata.namespace, 'dynamo', `${doc.kind} ${doc.metadata.name}`);
    }
  });

  test('the runner Role grants exactly what the engine calls', () => {
    const rules = rulesOf(docs, 'Role', 'netpart-runner');
    assert.deepEqual(verbs(rules, 'networking.k8s.io', 'networkpolicies'), ['create', 'delete', 'get', 'list', 'patch', 'watch']);
    assert.deepEqual(verbs(rules, '', 'pods'), ['get', 'list', 'patch', 'watch']);
    assert.deepEqual(verbs(rules, 'batch', 'jobs'), ['create', 'delete', 'get', 'patch'], 'get: owner check; create/patch/delete: expiry Jobs');
    assert.deepEqual(verbs(rules, 'events.k8s.io', 'events'), ['create']);
    assert.equal(rules.length, 4, 'no other rule');
    for (const rule of rules) assert.ok(!rule.verbs.includes('*') && !rule.resources?.includes('*'), 'no wildcards');
  });

  test('the sweeper can only read and remove', () => {
    const rules = rulesOf(docs, 'Role', 'netpart-sweeper');
    assert.deepEqual(verbs(rules, 'networking.k8s.io', 'networkpolicies'), ['delete', 'list']);
    assert.deepEqual(verbs(rules, 'batch', 'jobs'), ['get'], 'it may not create or delete Jobs');
    assert.deepEqual(verbs(rules, 'events.k8s.io', 'events'), ['create', 'list'], 'endings nobody watched');
    const cron = docs.find((d) => d.kind === 'CronJob' && d.metadata.name === 'netpart-sweeper') as V1CronJob;
    assert.equal(cron.spec?.schedule, '*/5 * * * *');
    const container = cron.spec.jobTemplate.spec!.template.spec!.containers[0]!;
    assert.deepEqual(container.args, ['/app/cli/fault-inject.mjs', 'sweep']);
    assert.equal(cron.spec.jobTemplate.spec!.template.spec!.serviceAccountName, 'netpart-sweeper');
  });
});

describe('manifests/api', () => {
  test('the API Role adds exactly the expiry Jobs and the Events to what the engine calls', () => {
    const rules = rulesOf(renderKustomize('manifests/api'), 'Role', 'netpart-api-faults');
    assert.deepEqual(verbs(rules, 'batch', 'jobs'), ['create', 'delete', 'patch'], 'patch: an emptied expiry Job re-armed');
    assert.deepEqual(verbs(rules, 'events.k8s.io', 'events'), ['create', 'list']);
    assert.deepEqual(verbs(rules, '', 'pods'), ['get', 'list', 'patch', 'watch'], 'watch: the watch caches');
    assert.deepEqual(verbs(rules, 'networking.k8s.io', 'networkpolicies'), ['create', 'delete', 'get', 'list', 'patch', 'watch']);
  });
});

describe('manifests/templates', () => {
  const docs = renderKustomize('manifests/templates');
  const input: RunnerJobInput = {
    name: 'netpart-worker-nats-example',
    namespace: 'default',
    image: `ghcr.io/netpart/runner:${JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version}`,
    scenario: { kind: 'builtin', name: 'worker-nats' },
    timeoutSeconds: 600,
    serviceAccount: 'netpart-runner',
    frontendUrl: 'http://frontend:8000',
  };

  test('the Job template is what run-incluster builds', () => {
    const job = docs.find((d) => d.kind === 'Job') as V1Job;
    assert.deepEqual(job.spec, buildRunnerJob(input).spec);
  });

  test('the CronJob template is what run-incluster --schedule builds', () => {
    const cron = docs.find((d) => d.kind === 'CronJob') as V1CronJob;
    assert.deepEqual(cron.spec, buildRunnerCronJob({ ...input, name: 'netpart-worker-nats' }, '0 * * * *').spec);
  });
});
