// Turns one runner NDJSON line into `time level msg key=val` for a human; non-JSON lines pass through untouched.
import pc from 'picocolors';

/** A parsed runner log record (pino NDJSON with string levels). */
export type LogRecord = Record<string, unknown> & { level?: unknown; time?: unknown; msg?: unknown };

/** Parses a line as a JSON object record, or undefined for anything else (plain text, arrays, blanks). */
export function parseRecord(line: string): LogRecord | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as LogRecord) : undefined;
  } catch {
    return undefined;
  }
}

type Paint = (s: string) => string;
const LEVEL_COLOURS: Record<string, Paint> = {
  trace: pc.gray,
  debug: pc.gray,
  info: pc.green,
  warn: pc.yellow,
  error: pc.red,
  fatal: (s) => pc.bold(pc.red(s)),
};

// JSON.stringify gives undefined for undefined or a function, though lib.d.ts types it string.
const stringify = (value: unknown): string | undefined => JSON.stringify(value);

const formatValue = (value: unknown): string => {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return stringify(value) ?? String(value);
};

// "2025-01-01T12:34:56.789Z" → "12:34:56.789": the date is noise in a live stream
const shortTime = (time: unknown): string => {
  if (typeof time !== 'string') return typeof time === 'number' ? new Date(time).toISOString().slice(11, 23) : '';
  const match = /T(\d\d:\d\d:\d\d(?:\.\d+)?)/.exec(time);
  return match ? match[1]!.slice(0, 12) : time;
};

// The result's request timeline (up to 2000 samples) is for the HTML report; a terminal line shows its totals.
const requestTotals = (value: unknown): unknown => {
  const log = value as { total?: unknown; failed?: unknown; samples?: unknown } | null;
  return log && typeof log === 'object' && Array.isArray(log.samples)
    ? { total: log.total, failed: log.failed, samples: `${log.samples.length} (drawn by --report / fault-inject report)` }
    : value;
};

/** Renders a record as one line; `color` off gives plain text (pipes, CI logs). */
export function renderRecord(record: LogRecord, color: boolean): string {
  const level = typeof record.level === 'string' ? record.level : record.level === undefined || record.level === null ? '' : formatValue(record.level);
  const msg = typeof record.msg === 'string' ? record.msg : '';
  const rest = Object.entries(record)
    .filter(([key]) => key !== 'level' && key !== 'time' && key !== 'msg')
    .map(([key, value]) => `${key}=${formatValue(msg === 'scenario.result' && key === 'requests' ? requestTotals(value) : value)}`);
  if (!color) return [shortTime(record.time), level.padEnd(5), msg, ...rest].filter((p) => p !== '').join(' ');
  const paintLevel = LEVEL_COLOURS[level] ?? ((s: string) => s);
  const paintMsg = msg === 'scenario.result' ? pc.bold : msg.startsWith('fault.') ? pc.magenta : pc.cyan;
  return [
    pc.dim(shortTime(record.time)),
    paintLevel(level.padEnd(5)),
    paintMsg(msg),
    ...rest.map((kv) => {
      const eq = kv.indexOf('=');
      return `${pc.dim(kv.slice(0, eq + 1))}${kv.slice(eq + 1)}`;
    }),
  ]
    .filter((p) => p !== '')
    .join(' ');
}

/** Renders one raw line: records pretty, anything else exactly as it came. */
export function renderLine(line: string, color: boolean): string {
  const record = parseRecord(line);
  return record ? renderRecord(record, color) : line;
}
