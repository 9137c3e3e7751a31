// `run-incluster results` flags, validated with zod: a mistake names the flag and the fix, and exits 2.
import { z } from 'zod';
import { ValidationError } from '../../../util/errors.ts';
import { namespaceName } from '../../../faults/spec.ts';
import { parseScenarioArg } from '../options.ts';

/** The raw flag values as commander hands them over. */
export const resultsFlags = z.object({
  namespace: namespaceName.optional(),
  output: z.enum(['table', 'json'], { error: 'must be "table" or "json", e.g. -o json' }).default('table'),
  limit: z.coerce
    .number({ error: 'must be a whole number of runs, e.g. --limit 10' })
    .int('must be a whole number of runs, e.g. --limit 10')
    .min(1, 'must be at least 1')
    .max(500, 'must be at most 500')
    .default(20),
  kubeconfig: z.string().min(1, 'must name a file').optional(),
  context: z.string().min(1, 'must name a context').optional(),
});

/** Validated flags; `scenario` is the label value runs carry (a file path becomes its scenario name). */
export type ResultsOptions = z.output<typeof resultsFlags> & { scenario?: string };

const FLAG_NAMES: Record<string, string> = { namespace: '-n/--namespace', output: '-o/--output' };

/** Validates the optional scenario argument and the flags; the error lists every bad one. */
export function parseResultsOptions(scenario: string | undefined, raw: Record<string, unknown>): ResultsOptions {
  const result = resultsFlags.safeParse(raw);
  const issues = result.success ? [] : result.error.issues.map((i) => `${FLAG_NAMES[String(i.path[0])] ?? `--${String(i.path[0])}`}: ${i.message}`);
  let name: string | undefined;
  if (scenario !== undefined) {
    try {
      name = parseScenarioArg(scenario).name;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(error.message.replace(/^<scenario>/, '[scenario]'));
    }
  }
  if (!result.success || issues.length > 0) {
    throw new ValidationError(issues.join('\n'), issues, { cause: result.success ? undefined : result.error });
  }
  return { ...result.data, ...(name !== undefined ? { scenario: name } : {}) };
}
