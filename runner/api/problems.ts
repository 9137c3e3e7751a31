// Turns zod issues into FastAPI-style 422 entries so existing clients parse our errors as they parse FastAPI's.
import type { z } from 'zod';
import type { FieldProblem } from './errors.ts';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const asLoc = (path: readonly PropertyKey[]): (string | number)[] => path.map((p) => (typeof p === 'number' ? p : String(p)));

/** One FieldProblem per bad field; `prefix` is FastAPI's location root ("body", "query", "path"). */
export function zodProblems(error: z.ZodError, input: unknown, prefix: (string | number)[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const loc = [...prefix, ...asLoc(issue.path)];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ type: 'extra_forbidden', loc: [...loc, key], msg: `Extra inputs are not permitted: "${key}" is not a known field here; remove it` });
      }
    } else if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
      problems.push({ type: 'missing', loc, msg: `Field required (${issue.message})` });
    } else if (issue.code === 'invalid_value') {
      problems.push({ type: 'enum', loc, msg: issue.message });
    } else if (issue.code === 'invalid_type') {
      problems.push({ type: `${issue.expected}_type`, loc, msg: issue.message });
    } else {
      problems.push({ type: 'value_error', loc, msg: issue.message });
    }
  }
  return problems;
}
