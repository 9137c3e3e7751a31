import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildRunnerCronJob,
  buildRunnerJob,
  buildScenarioConfigMap,
  runnerEnv,
  SCENARIO_KEY,
  type RunnerJobInput,
} from '../../runner/cli/incluster/job-spec.ts';

const base: RunnerJobInput = {
  name: 'netpart-worker-nats-abcde',
  namespace: 'dynamo',
  image: 'ghcr.io/netpart/runner:0.1.0',
  scenario: { kind: 'builtin', name: 'worker-nats' },
  timeoutSeconds: 600,
  serviceAccount: 'netpart-runner',
};

const envMap = (input: RunnerJobInput) => Object.fromEntries(runnerEnv(input).map((e) => [e.name, e.value ?? e.valueFrom?.fieldRef?.fieldPath]));

describe('runner Job', () => {
  test('follows the contract: never retried, deadline above the scenario timeout, grace period for recovery', () => {
    const job = buildRunnerJob(base);
    assert.equal(job.spec?.backoffLimit, 0);
    assert.equal(job.spec?.activeDeadlineSeconds, 660);
    assert.equal(job.spec?.ttlSecondsAfterFinished, 3600);
    const pod = job.spec.template.spec!;
    assert.equal(pod.restartPolicy, 'Never');
    assert.equal(pod.terminationGracePeriodSeconds, 60);
    assert.equal(pod.serviceAccountName, 'netpart-runner');
    assert.deepEqual(job.spec.template.metadata?.labels?.['app.kubernetes.io/name'], 'netpart-runner');
    assert.deepEqual(job.spec.template.metadata?.labels?.['app.kubernetes.io/managed-by'], 'netpart');
  });

  test('is restricted: non-root 65532, RuntimeDefault seccomp, no privilege escalation, no capabilities, read-only root', () => {
    const pod = buildRunnerJob(base).spec!.template.spec!;
    assert.equal(pod.securityContext?.runAsNonRoot, true);
    assert.equal(pod.securityContext?.seccompProfile?.type, 'RuntimeDefault');
    const container = pod.containers[0]!;
    assert.equal(container.securityContext?.runAsUser, 65532);
    assert.equal(container.securityContext?.allowPrivilegeEscalation, false);
    assert.equal(container.securityContext?.readOnlyRootFilesystem, true);
    assert.deepEqual(container.securityContext?.capabilities?.drop, ['ALL']);
    for (const volume of pod.volumes ?? []) assert.ok(volume.emptyDir || volume.configMap, `volume ${volume.name} is a restricted-allowed type`);
  });

  test('sets the contract environment, with the downward API for job name and uid', () => {
    const env = envMap({ ...base, frontendUrl: 'http://frontend:8000', env: { MAX_ERRORS: '3' } });
    assert.equal(env.NETPART_SCENARIO, 'worker-nats');
    assert.equal(env.NETPART_TIMEOUT_SECONDS, '600');
    assert.equal(env.APP_NAMESPACE, 'metadata.namespace');
    assert.equal(env.FRONTEND_URL, 'http://frontend:8000');
    assert.equal(env.MAX_ERRORS, '3');
    assert.equal(env.NETPART_JOB_NAME, "metadata.labels['batch.kubernetes.io/job-name']");
    assert.equal(env.NETPART_JOB_UID, "metadata.labels['batch.kubernetes.io/controller-uid']");
    assert.equal(env.POD_NAME, 'metadata.name');
    assert.equal(env.POD_NAMESPACE, 'metadata.namespace');
  });

  test('--keep drops ttlSecondsAfterFinished', () => {
    assert.equal(buildRunnerJob({ ...base, keep: true }).spec?.ttlSecondsAfterFinished, undefined);
  });

  test('a file scenario ships in <job>-scenario and is mounted read-only where NETPART_SCENARIO points', () => {
    const input: RunnerJobInput = { ...base, scenario: { kind: 'file', name: 'mine', code: 'export default {}' } };
    const configMap = buildScenarioConfigMap(input)!;
    assert.equal(configMap.metadata?.name, `${base.name}-scenario`);
    assert.equal(configMap.data?.[SCENARIO_KEY], 'export default {}');
    const pod = buildRunnerJob(input).spec!.template.spec!;
    const mount = pod.containers[0]!.volumeMounts!.find((m) => m.name === 'scenario')!;
    assert.equal(mount.mountPath, '/etc/netpart/scenario');
    assert.equal(mount.readOnly, true);
    assert.equal(pod.volumes!.find((v) => v.name === 'scenario')?.configMap?.name, configMap.metadata?.name);
    assert.equal(envMap(input).NETPART_SCENARIO, '/etc/netpart/scenario/scenario.mjs');
    assert.equal(buildScenarioConfigMap(base), undefined);
  });

  test('the deadline is always the timeout plus the recovery margin', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 86_400 }), (timeoutSeconds) => {
        const job = buildRunnerJob({ ...base, timeoutSeconds });
        return (
          job.spec!.activeDeadlineSeconds === timeoutSeconds + 60 && envMap({ ...base, timeoutSeconds }).NETPART_TIMEOUT_SECONDS === String(timeoutSeconds)
        );
      }),
    );
  });
});

describe('runner CronJob', () => {
  test('never overlaps, keeps 5 runs of each outcome, and uses the Job pod template', () => {
    const cron = buildRunnerCronJob(base, '*/30 * * * *');
    assert.equal(cron.spec?.schedule, '*/30 * * * *');
    assert.equal(cron.spec?.concurrencyPolicy, 'Forbid');
    assert.equal(cron.spec?.successfulJobsHistoryLimit, 5);
    assert.equal(cron.spec?.failedJobsHistoryLimit, 5);
    assert.ok((cron.spec?.startingDeadlineSeconds ?? 0) > 0);
    assert.deepEqual(cron.spec?.jobTemplate.spec?.template, buildRunnerJob(base).spec?.template);
  });

  test('its Jobs have no TTL (the history limits remove old runs, so a daily run is still there the next morning)', () => {
    const spec = buildRunnerCronJob(base, '0 3 * * *').spec!.jobTemplate.spec!;
    assert.equal(spec.ttlSecondsAfterFinished, undefined);
    assert.deepEqual(spec, buildRunnerJob({ ...base, keep: true }).spec);
  });

  test('--history sets both history limits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (historyLimit) => {
        const cron = buildRunnerCronJob(base, '0 * * * *', { historyLimit });
        return cron.spec?.successfulJobsHistoryLimit === historyLimit && cron.spec?.failedJobsHistoryLimit === historyLimit;
      }),
    );
  });
});
