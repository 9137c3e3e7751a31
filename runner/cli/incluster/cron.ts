// Validates a CronJob schedule before anything reaches the API server, so a typo fails with a message naming --schedule.

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: FieldRule[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 7, names: DAYS },
];

function valueOf(token: string, rule: FieldRule): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  const named = rule.names?.indexOf(token.toLowerCase()) ?? -1;
  if (named < 0) return undefined;
  return rule.name === 'month' ? named + 1 : named;
}

function fieldProblem(field: string, rule: FieldRule): string | undefined {
  for (const part of field.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined || range === undefined || range === '') return `"${part}" is not a valid ${rule.name}`;
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `step "/${step}" in the ${rule.name} must be a positive number`;
    if (range === '*' || range === '?') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `"${range}" is not a valid ${rule.name} range`;
    const values = bounds.map((b) => valueOf(b, rule));
    for (const [i, v] of values.entries()) {
      if (v === undefined || v < rule.min || v > rule.max) {
        return `${rule.name} "${bounds[i]}" is out of range ${rule.min}-${rule.max}`;
      }
    }
    if (values.length === 2 && values[0]! > values[1]!) return `${rule.name} range "${range}" runs backwards`;
  }
  return undefined;
}

/** Why a schedule is invalid (for the error message), or undefined when Kubernetes will accept it. */
export function cronProblem(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (trimmed.startsWith('@')) {
    return MACROS.has(trimmed) ? undefined : `unknown macro "${trimmed}"; use one of ${[...MACROS].join(', ')}`;
  }
  if (/^(CRON_)?TZ=/.test(trimmed)) return "time zones go in the CronJob's spec.timeZone, not in the schedule";
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) return `expected 5 fields "minute hour day-of-month month day-of-week", got ${fields.length}`;
  for (const [i, field] of fields.entries()) {
    const problem = fieldProblem(field, FIELDS[i]!);
    if (problem) return problem;
  }
  return undefined;
}
