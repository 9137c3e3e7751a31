// Environment of the runner and of a scenario, validated by zod; every error names the variable and the fix.
import { z } from 'zod';
import { httpUrlSetting, namespaceSetting } from '../util/env-settings.ts';
import { blankToUndefined, issueLines } from '../util/validation.ts';
import { optionalSeconds } from './env-helpers.ts';
import { ScenarioConfigError } from './errors.ts';

type Env = Record<string, string | undefined>;

const optionalString = z.preprocess(blankToUndefined, z.string().optional());
const seconds = optionalSeconds(300);

/** The env the runner itself reads (the Job sets these; see the run-incluster contract). */
export const runnerEnvSchema = z.object({
  NETPART_SCENARIO: z.preprocess(blankToUndefined, z.string('is required: a scenario name such as "worker-nats" or a path to a .mjs file')),
  NETPART_TIMEOUT_SECONDS: seconds,
  APP_NAMESPACE: namespaceSetting,
  API_URL: httpUrlSetting('http://localhost:8080'),
  FRONTEND_URL: httpUrlSetting('http://localhost:8000'),
  NETPART_JOB_NAME: optionalString,
  NETPART_JOB_UID: optionalString,
  POD_NAME: optionalString,
  POD_NAMESPACE: optionalString,
  NETPART_TERMINATION_LOG: z.preprocess(blankToUndefined, z.string().default('/dev/termination-log')),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal'], 'must be one of trace, debug, info, warn, error, fatal').default('info'),
  ),
});

/** The base config every scenario sees as ctx.config (plus its own env). */
export interface BaseConfig {
  /** Same fields, rules and messages as the guide's getConfigFromEnv() (runner/util/env-settings.ts). */
  apiUrl: string;
  frontendUrl: string;
  /** Where faults go unless a spec names another namespace. */
  appNamespace: string;
  /** Deadline of this run in seconds (the smaller of NETPART_TIMEOUT_SECONDS and the scenario's timeout). */
  timeoutSeconds: number;
  /** Set when the runner runs inside a Job (downward API). */
  job?: { name: string; uid: string; namespace: string };
  podName?: string;
}

/** The parsed runner env, before the scenario is known. */
export interface RunnerEnv {
  scenario: string;
  timeoutSeconds?: number;
  appNamespace?: string;
  apiUrl: string;
  frontendUrl: string;
  job?: { name: string; uid: string; namespace: string };
  podName?: string;
  podNamespace?: string;
  terminationLog: string;
  logLevel: string;
  /** True when running in a pod (downward API or the ServiceAccount env): APP_NAMESPACE is then required. */
  inCluster: boolean;
}

/** Turns zod issues into "VARIABLE: message" lines; the first path element is the variable's name. */
export function envIssues(error: z.ZodError): string[] {
  return issueLines(error, '(environment)');
}

/** Parses the runner's env; throws ScenarioConfigError naming each bad variable. */
export function parseRunnerEnv(env: Env): RunnerEnv {
  const parsed = runnerEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = envIssues(parsed.error);
    throw new ScenarioConfigError(`invalid runner environment:\n  ${issues.join('\n  ')}`, issues, { cause: parsed.error });
  }
  const e = parsed.data;
  const inCluster = Boolean(e.NETPART_JOB_NAME || env.KUBERNETES_SERVICE_HOST);
  if (inCluster && !e.APP_NAMESPACE) {
    const issue = 'APP_NAMESPACE: is required inside a Job: the namespace of the app under test, where faults are injected';
    throw new ScenarioConfigError(`invalid runner environment:\n  ${issue}`, [issue]);
  }
  const jobComplete = e.NETPART_JOB_NAME && e.NETPART_JOB_UID && (e.POD_NAMESPACE ?? e.APP_NAMESPACE);
  return {
    scenario: e.NETPART_SCENARIO,
    timeoutSeconds: e.NETPART_TIMEOUT_SECONDS,
    appNamespace: e.APP_NAMESPACE,
    apiUrl: e.API_URL,
    frontendUrl: e.FRONTEND_URL,
    job: jobComplete ? { name: e.NETPART_JOB_NAME!, uid: e.NETPART_JOB_UID!, namespace: (e.POD_NAMESPACE ?? e.APP_NAMESPACE)! } : undefined,
    podName: e.POD_NAME,
    podNamespace: e.POD_NAMESPACE,
    terminationLog: e.NETPART_TERMINATION_LOG,
    logLevel: e.LOG_LEVEL,
    inCluster,
  };
}

/** Validates the scenario's own env schema against the environment; errors name the variable. */
export function parseScenarioEnv<T>(name: string, schema: z.ZodType<T> | undefined, env: Env): T {
  if (!schema) return {} as T;
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issues = envIssues(parsed.error);
  throw new ScenarioConfigError(`invalid settings for scenario "${name}":\n  ${issues.join('\n  ')}`, issues, {
    cause: parsed.error,
  });
}

/** The deadline: the smaller of the Job's NETPART_TIMEOUT_SECONDS and the scenario's own timeout. */
export function effectiveTimeoutSeconds(scenarioTimeout: number, envTimeout: number | undefined): number {
  return envTimeout === undefined ? scenarioTimeout : Math.min(scenarioTimeout, envTimeout);
}
