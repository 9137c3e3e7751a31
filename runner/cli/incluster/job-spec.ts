// Pure builders for what run-incluster submits: the runner Job, its scenario ConfigMap, or a CronJob (contract: /tmp/contract.md).
import type { V1ConfigMap, V1CronJob, V1EnvVar, V1Job, V1JobSpec, V1PodTemplateSpec } from '@kubernetes/client-node';
import { LABEL_MANAGED_BY, MANAGER } from '../../faults/labels.ts';

/** Where a file scenario is mounted in the runner pod, and the key it lives under in the ConfigMap. */
export const SCENARIO_MOUNT_DIR = '/etc/netpart/scenario';
export const SCENARIO_KEY = 'scenario.mjs';
/** Label every runner pod carries; the manifests' NetworkPolicies and the sweeper rely on it. */
export const RUNNER_APP_LABEL = 'netpart-runner';
export const LABEL_SCENARIO = 'netpart.dev/scenario';
/** Recovery must fit between SIGTERM and SIGKILL, and the deadline must leave room for it. */
export const GRACE_PERIOD_SECONDS = 60;
export const DEADLINE_MARGIN_SECONDS = 60;
export const DEFAULT_TTL_SECONDS = 3600;

/** A scenario shipped in the image (by name) or bundled from the user's file into a ConfigMap. */
export type ScenarioSource = { kind: 'builtin'; name: string } | { kind: 'file'; name: string; code: string };

/** Everything the Job depends on; validated by the CLI before it gets here. */
export interface RunnerJobInput {
  /** Job (or CronJob) name; the ConfigMap is `<name>-scenario`. */
  name: string;
  namespace: string;
  image: string;
  scenario: ScenarioSource;
  timeoutSeconds: number;
  serviceAccount: string;
  frontendUrl?: string;
  env?: Record<string, string>;
  /** --keep: no ttlSecondsAfterFinished, the finished Job and pod stay for inspection. */
  keep?: boolean;
  ttlSecondsAfterFinished?: number;
}

/** Name of the ConfigMap holding a file scenario for a Job or CronJob. */
export const scenarioConfigMapName = (name: string): string => `${name}-scenario`;

const commonLabels = (input: RunnerJobInput): Record<string, string> => ({
  'app.kubernetes.io/name': RUNNER_APP_LABEL,
  [LABEL_MANAGED_BY]: MANAGER,
  [LABEL_SCENARIO]: input.scenario.name,
});

const fieldEnv = (name: string, fieldPath: string): V1EnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });

/** The runner's environment: fixed contract variables first, then the user's --env. */
export function runnerEnv(input: RunnerJobInput): V1EnvVar[] {
  const scenarioRef = input.scenario.kind === 'file' ? `${SCENARIO_MOUNT_DIR}/${SCENARIO_KEY}` : input.scenario.name;
  const env: V1EnvVar[] = [
    { name: 'NETPART_SCENARIO', value: scenarioRef },
    { name: 'NETPART_TIMEOUT_SECONDS', value: String(input.timeoutSeconds) },
    // the Job runs in the app namespace; a fieldRef keeps kustomize-renamed templates correct
    fieldEnv('APP_NAMESPACE', 'metadata.namespace'),
    fieldEnv('NETPART_JOB_NAME', "metadata.labels['batch.kubernetes.io/job-name']"),
    fieldEnv('NETPART_JOB_UID', "metadata.labels['batch.kubernetes.io/controller-uid']"),
    fieldEnv('POD_NAME', 'metadata.name'),
    fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
  ];
  if (input.frontendUrl) env.push({ name: 'FRONTEND_URL', value: input.frontendUrl });
  for (const [name, value] of Object.entries(input.env ?? {})) env.push({ name, value });
  return env;
}

/** The runner pod: restricted Pod Security, read-only root, scoped ServiceAccount, scenario mounted read-only. */
export function runnerPodTemplate(input: RunnerJobInput): V1PodTemplateSpec {
  const volumes: NonNullable<V1PodTemplateSpec['spec']>['volumes'] = [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }];
  const mounts = [{ name: 'tmp', mountPath: '/tmp' }];
  if (input.scenario.kind === 'file') {
    volumes.push({ name: 'scenario', configMap: { name: scenarioConfigMapName(input.name) } });
    mounts.push({ name: 'scenario', mountPath: SCENARIO_MOUNT_DIR, readOnly: true } as (typeof mounts)[number]);
  }
  return {
    metadata: { labels: commonLabels(input) },
    spec: {
      restartPolicy: 'Never',
      serviceAccountName: input.serviceAccount,
      automountServiceAccountToken: true,
      terminationGracePeriodSeconds: GRACE_PERIOD_SECONDS,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 65532,
        runAsGroup: 65532,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'runner',
          image: input.image,
          imagePullPolicy: 'IfNotPresent',
          env: runnerEnv(input),
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: 65532,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
          volumeMounts: mounts,
        },
      ],
      volumes,
    },
  };
}

/** The Job spec shared by a one-off Job and a CronJob's jobTemplate. */
export function runnerJobSpec(input: RunnerJobInput): V1JobSpec {
  return {
    backoffLimit: 0,
    activeDeadlineSeconds: input.timeoutSeconds + DEADLINE_MARGIN_SECONDS,
    ...(input.keep ? {} : { ttlSecondsAfterFinished: input.ttlSecondsAfterFinished ?? DEFAULT_TTL_SECONDS }),
    template: runnerPodTemplate(input),
  };
}

/** The one-off runner Job. */
export function buildRunnerJob(input: RunnerJobInput): V1Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: input.name, namespace: input.namespace, labels: commonLabels(input) },
    spec: runnerJobSpec(input),
  };
}

/** The ConfigMap carrying a bundled file scenario; undefined for built-in scenarios. */
export function buildScenarioConfigMap(input: RunnerJobInput): V1ConfigMap | undefined {
  if (input.scenario.kind !== 'file') return undefined;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: scenarioConfigMapName(input.name), namespace: input.namespace, labels: commonLabels(input) },
    data: { [SCENARIO_KEY]: input.scenario.code },
  };
}

/** How many finished runs a CronJob keeps per outcome unless --history says otherwise (what `results` can show). */
export const DEFAULT_HISTORY_LIMIT = 5;

/** Knobs of a scheduled check beyond the Job's own. */
export interface CronJobOptions {
  /** successfulJobsHistoryLimit and failedJobsHistoryLimit. */
  historyLimit?: number;
  startingDeadlineSeconds?: number;
}

/**
 * A scheduled check: the same pod template, never two runs at once, the last runs of each outcome kept. Its Jobs
 * have no ttlSecondsAfterFinished: a TTL would delete a daily run an hour later, before anyone reads it; the history
 * limits remove old runs instead.
 */
export function buildRunnerCronJob(input: RunnerJobInput, schedule: string, options: CronJobOptions = {}): V1CronJob {
  const history = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: input.name, namespace: input.namespace, labels: commonLabels(input) },
    spec: {
      schedule,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: options.startingDeadlineSeconds ?? 300,
      successfulJobsHistoryLimit: history,
      failedJobsHistoryLimit: history,
      jobTemplate: { metadata: { labels: commonLabels(input) }, spec: runnerJobSpec({ ...input, keep: true }) },
    },
  };
}

/** An ownerReference making `owner` (a Job or CronJob) garbage-collect the ConfigMap. */
export function ownerReferenceTo(owner: { kind: 'Job' | 'CronJob'; name: string; uid: string }) {
  return { apiVersion: 'batch/v1', kind: owner.kind, name: owner.name, uid: owner.uid, controller: false, blockOwnerDeletion: false };
}
