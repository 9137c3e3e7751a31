// Shared input-boundary helpers: blank env values as unset, and zod failures as ValidationError naming each field.
import { z } from 'zod';
import { ValidationError } from './errors.ts';

/** An empty or all-space string counts as "not set", so `FOO=` falls back to the default like an absent FOO. */
export const blankToUndefined = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** The one zod → message adapter: a `path: message` line per issue; `rootPath` names an issue of the whole input. */
export function issueLines(error: z.ZodError, rootPath = ''): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || rootPath}: ${issue.message}`);
}

/** Parses `input` with `schema`; on failure throws ValidationError "invalid <what>" listing `path: message` per issue. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what: string, rootPath = ''): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = issueLines(result.error, rootPath);
  throw new ValidationError(`invalid ${what}:\n${z.prettifyError(result.error)}`, issues, { cause: result.error });
}
