// Checks a CronJob schedule with croner before anything reaches the API server, so a typo fails naming the cron field.
import { Cron } from 'croner';

// The descriptors Kubernetes' cron parser takes besides five fields (its "@every <duration>" is not offered).
const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

const FIELDS = [
  { name: 'minute', allowed: '0-59' },
  { name: 'hour', allowed: '0-23' },
  { name: 'day of month', allowed: '1-31' },
  { name: 'month', allowed: '1-12 or jan-dec' },
  { name: 'day of week', allowed: '0-7 (0 and 7 are Sunday) or sun-sat' },
];

// croner's own wording numbers fields from its seconds field and shifts some values; say it in the user's terms
function whyInvalid(croner: string, allowed: string): string {
  if (/Invalid value for/.test(croner)) return `is out of range ${allowed}`;
  if (/illegal stepping/.test(croner)) return 'has a step that is not a positive number, e.g. */15';
  if (/larger than to value/.test(croner)) return 'is a range that runs backwards, e.g. write 1-5 not 5-1';
  return `is not a value, range (1-5), list (1,15) or step (*/15) of ${allowed}`;
}

const parses = (pattern: string): string | undefined => {
  try {
    // five fields only, as Kubernetes; sloppyRanges: "5/15" means 5-59/15 there too
    new Cron(pattern, { paused: true, mode: '5-part', sloppyRanges: true });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

/** Why a schedule is invalid (for the error message), or undefined when croner accepts it as Kubernetes would. */
export function cronProblem(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (trimmed.startsWith('@')) return MACROS.includes(trimmed) ? undefined : `unknown macro "${trimmed}"; use one of ${MACROS.join(', ')}`;
  if (/^(CRON_)?TZ=/.test(trimmed)) return "time zones go in the CronJob's spec.timeZone, not in the schedule";
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) return `expected 5 fields "minute hour day-of-month month day-of-week", got ${fields.length}`;
  const problem = parses(trimmed);
  if (problem === undefined) return undefined;
  // croner names fields unevenly: find the one at fault by checking each alone
  for (const [i, field] of fields.entries()) {
    const alone = parses(fields.map((f, j) => (j === i ? f : '*')).join(' '));
    if (alone !== undefined) return `${FIELDS[i]!.name} "${field}" ${whyInvalid(alone, FIELDS[i]!.allowed)}`;
  }
  return problem.replace(/^CronPattern: /, '');
}
