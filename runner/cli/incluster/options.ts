// run-incluster's flags, validated with zod in one place so bad input fails before anything is created.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ValidationError } from '../../util/errors.ts';
import { namespaceName } from '../../faults/spec.ts';
import { cronProblem } from './cron.ts';
import pkg from '../../../package.json' with { type: 'json' };

/** The image used when neither --image nor NETPART_IMAGE is set. */
export const DEFAULT_IMAGE = `ghcr.io/netpart/runner:${pkg.version}`;

/** Variables the Job sets itself; a user --env must not silently replace them. */
export const RESERVED_ENV: Record<string, string> = {
  NETPART_SCENARIO: 'pass the scenario as the argument',
  NETPART_TIMEOUT_SECONDS: 'use --timeout',
  NETPART_JOB_NAME: 'it comes from the downward API',
  NETPART_JOB_UID: 'it comes from the downward API',
  POD_NAME: 'it comes from the downward API',
  POD_NAMESPACE: 'it comes from the downward API',
  APP_NAMESPACE: 'use -n/--namespace',
  FRONTEND_URL: 'use --frontend-url',
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SCENARIO_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A file scenario (a path with an extension or a slash) or a built-in one by name. */
export type ScenarioArg = { kind: 'file'; path: string; name: string } | { kind: 'builtin'; name: string };

/** Tells a path from a scenario name; a path's name becomes its file name, DNS-safe. */
export function parseScenarioArg(arg: string): ScenarioArg {
  if (/\.(m?ts|m?js)$/.test(arg) || arg.includes('/')) {
    const base = arg
      .split('/')
      .pop()!
      .replace(/\.(m?ts|m?js)$/, '');
    const name =
      base
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 30) || 'scenario';
    return { kind: 'file', path: arg, name };
  }
  if (!SCENARIO_NAME.test(arg) || arg.length > 40) {
    throw new ValidationError(`<scenario>: "${arg}" is neither a built-in scenario name (lower-case letters, digits, "-") nor a .ts/.js file path`, [
      'scenario',
    ]);
  }
  return { kind: 'builtin', name: arg };
}

/** Parses repeated `--env K=V` into a record; rejects bad names, duplicates and reserved variables. */
export function parseEnvPairs(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  const issues: string[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (eq < 0) issues.push(`--env "${pair}": expected KEY=VALUE, e.g. --env MAX_ERROR_RATE=0.05`);
    else if (!ENV_NAME.test(key)) issues.push(`--env "${key}": names are letters, digits and "_", not starting with a digit`);
    else if (RESERVED_ENV[key]) issues.push(`--env ${key}: set by run-incluster itself; ${RESERVED_ENV[key]}`);
    else if (key in env) issues.push(`--env ${key}: given twice`);
    else env[key] = pair.slice(eq + 1);
  }
  if (issues.length > 0) throw new ValidationError(issues.join('\n'), issues);
  return env;
}

/** The raw flag values as commander hands them over. */
export const runInclusterFlags = z.object({
  namespace: namespaceName.optional(),
  image: z
    .string()
    .regex(/^[^\s]+$/, 'an image reference has no spaces, e.g. ghcr.io/netpart/runner:0.1.0')
    .optional(),
  frontendUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://frontend:8000' }).optional(),
  timeout: z.coerce
    .number()
    .int('must be whole seconds')
    .min(10, 'must be at least 10 seconds')
    .max(86_400, 'must be at most 86400 seconds (24 h)')
    .default(600),
  env: z.array(z.string()).default([]),
  keep: z.boolean().default(false),
  output: z.enum(['text', 'json'], { error: 'must be "text" or "json"' }).default('text'),
  junit: z.string().min(1).optional(),
  report: z.string().min(1, 'name the HTML file to write, e.g. --report run.html').optional(),
  schedule: z
    .string()
    .refine((s) => cronProblem(s) === undefined, { error: (i) => `not a cron schedule: ${cronProblem(String(i.input))}` })
    .optional(),
  history: z.coerce
    .number({ error: 'must be a whole number of runs, e.g. 5' })
    .int('must be a whole number of runs, e.g. 5')
    .min(1, 'must be at least 1: `run-incluster results` reads the runs a CronJob keeps')
    .max(100, 'must be at most 100')
    .optional(),
  serviceAccount: namespaceName.default('netpart-runner'),
  kubeconfig: z.string().optional(),
  context: z.string().optional(),
  dryRun: z.boolean().default(false),
});
/** Validated flags with defaults filled in and --env parsed. */
export type RunInclusterOptions = Omit<z.output<typeof runInclusterFlags>, 'env'> & { env: Record<string, string> };

const FLAG_NAMES: Record<string, string> = {
  namespace: '-n/--namespace',
  frontendUrl: '--frontend-url',
  serviceAccount: '--service-account',
  dryRun: '--dry-run',
  output: '-o/--output',
};

/** Validates commander's option object; the error names each bad flag (`--timeout: must be …`). */
export function parseRunInclusterOptions(raw: Record<string, unknown>): RunInclusterOptions {
  const result = runInclusterFlags.safeParse(raw);
  const issues = result.success
    ? []
    : result.error.issues.map((i) => {
        const key = String(i.path[0] ?? '');
        return `${FLAG_NAMES[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`}: ${i.message}`;
      });
  if (result.success && result.data.history !== undefined && result.data.schedule === undefined) {
    issues.push('--history: only a scheduled check (--schedule) keeps a history; drop --history or add --schedule');
  }
  let env: Record<string, string> = {};
  try {
    env = parseEnvPairs(Array.isArray(raw.env) ? raw.env.map(String) : []);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    issues.push(...error.issues);
  }
  if (!result.success || issues.length > 0) {
    throw new ValidationError(issues.join('\n'), issues, { cause: result.success ? undefined : result.error });
  }
  return { ...result.data, env };
}

/** A fresh Job name: `netpart-<scenario>-<5 chars>`, short enough for a CronJob (52) and the job-name label (63). */
export function generateJobName(scenarioName: string, random = () => randomBytes(4).toString('hex').slice(0, 5)): string {
  const stem = scenarioName.slice(0, 36).replace(/-+$/, '');
  return `netpart-${stem}-${random()}`;
}
