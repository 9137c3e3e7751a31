// defineScenario(): the one way to write a scenario; a scenario module default-exports its result.
import type { z } from 'zod';
import { ValidationError } from '../util/errors.ts';
import type { ScenarioContext } from './types.ts';

/** Marker the loader checks; a string (not a Symbol) so it survives across separately bundled modules. */
export const SCENARIO_KIND = 'netpart.dev/scenario@v1';

/** What a scenario author writes. */
export interface ScenarioDefinition<Env extends object> {
  /** Short DNS-style name, e.g. "worker-nats"; it names the result. */
  name: string;
  /** One or two sentences: what is cut, what must hold. */
  description: string;
  /** Deadline in seconds; the runner uses the smaller of this and NETPART_TIMEOUT_SECONDS. */
  timeout: number;
  /** The scenario's own settings, read from environment variables (e.g. MIN_AVAILABILITY). */
  env?: z.ZodType<Env>;
  run: (ctx: ScenarioContext<Env>) => Promise<void>;
}

/** A validated scenario, ready for the runner. */
export interface Scenario<Env extends object = Record<string, unknown>> {
  readonly kind: typeof SCENARIO_KIND;
  readonly name: string;
  readonly description: string;
  readonly timeout: number;
  readonly env?: z.ZodType<Env>;
  run(ctx: ScenarioContext<Env>): Promise<void>;
}

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Validates a scenario definition and returns the object a scenario module default-exports. */
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- a scenario without env has the empty env `{}` on purpose
export function defineScenario<Env extends object = Record<never, never>>(definition: ScenarioDefinition<Env>): Scenario<Env> {
  const issues: string[] = [];
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a JS scenario module may call defineScenario() with nothing
  const { name, description, timeout, env, run } = definition ?? ({} as ScenarioDefinition<Env>);
  if (typeof name !== 'string' || !NAME.test(name)) {
    issues.push(`name: ${JSON.stringify(name)} must be lower-case letters, digits and "-" (≤ 63 chars), e.g. "worker-nats"`);
  }
  if (typeof description !== 'string' || description.trim() === '') {
    issues.push('description: say in a sentence what the scenario cuts and what must hold');
  }
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 24 * 3600) {
    issues.push(`timeout: ${JSON.stringify(timeout)} must be whole seconds between 1 and 86400, e.g. 300`);
  }
  if (typeof run !== 'function') issues.push('run: must be an async function (ctx) => { ... }');
  if (env !== undefined && (typeof env !== 'object' || typeof (env as { safeParse?: unknown }).safeParse !== 'function')) {
    issues.push('env: must be a zod schema, e.g. z.object({ MIN_AVAILABILITY: z.coerce.number().default(0.95) })');
  }
  if (issues.length > 0) {
    throw new ValidationError(`invalid scenario definition:\n  ${issues.join('\n  ')}`, issues);
  }
  return Object.freeze({ kind: SCENARIO_KIND, name, description, timeout, env, run });
}

/** True when a module's default export looks like defineScenario()'s result (duck-typed across bundles). */
export function isScenario(value: unknown): value is Scenario {
  if (!value || typeof value !== 'object') return false;
  const s = value as Partial<Scenario>;
  return s.kind === SCENARIO_KIND && typeof s.name === 'string' && typeof s.timeout === 'number' && typeof s.run === 'function';
}
