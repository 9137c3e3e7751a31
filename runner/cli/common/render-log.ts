// The CLIs' human log format: pino-pretty, configured once for the CLI's own logger and for the runner pod's lines.
import pinoPretty, { type PrettyOptions } from 'pino-pretty';

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

// JavaScript's own error types point at a bug, so their stack is shown; netpart's named classes (ValidationError,
// RefusedError, KubeRequestError, …) carry a message written for the user, as the CLIs' exit path treats them.
const BUG_TYPES = new Set(['Error', 'TypeError', 'ReferenceError', 'RangeError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError']);

/** True for an error type whose message is meant for the user (a named class), false for a bug worth a stack. */
export function isUserErrorType(type: unknown): boolean {
  return typeof type === 'string' && /Error$/.test(type) && !BUG_TYPES.has(type);
}

// pino's err serializer gives { type, message, stack }; a user error shows its message, anything else its stack.
const prettyErr = (value: string | object): string => {
  if (typeof value !== 'object') return value;
  const err = value as { type?: unknown; message?: unknown; stack?: unknown };
  const message = typeof err.message === 'string' ? err.message : JSON.stringify(value);
  if (!isUserErrorType(err.type) && typeof err.stack === 'string') return err.stack;
  return typeof err.type === 'string' ? `${err.type}: ${message}` : message;
};

/** The pino-pretty options of every CLI: one line per record (time, level, event, fields as JSON), UTC time of day. */
export function prettyOptions(color: boolean): PrettyOptions {
  return {
    colorize: color,
    singleLine: true,
    translateTime: 'UTC:HH:MM:ss.l',
    // `name` is the same on every line of one stream; pid/hostname are not logged (base: undefined)
    ignore: 'pid,hostname,name',
    // the fields carry the fault id, step and status: plain, not grey
    colorizeObjects: false,
    // `error` in runner records is already a message string and stays on the line; `err` is a serialized Error
    errorLikeObjectKeys: ['err'],
    customPrettifiers: { err: prettyErr },
  };
}

// The result's request timeline (up to 2000 samples) is for the HTML report; a terminal line shows its totals.
function forTerminal(record: LogRecord): LogRecord {
  const log = record.requests as { total?: unknown; failed?: unknown; samples?: unknown } | null | undefined;
  if (record.msg !== 'scenario.result' || !log || typeof log !== 'object' || !Array.isArray(log.samples)) return record;
  return { ...record, requests: { total: log.total, failed: log.failed, samples: `${log.samples.length} (drawn by --report / fault-inject report)` } };
}

const prettifiers = new Map<boolean, (input: object) => string>();

/** Renders a record as pino-pretty does (an `err` adds indented lines); `color` off gives plain text (pipes, CI logs). */
export function renderRecord(record: LogRecord, color: boolean): string {
  let pretty = prettifiers.get(color);
  if (!pretty) prettifiers.set(color, (pretty = pinoPretty.prettyFactory(prettyOptions(color))));
  return pretty(forTerminal(record)).replace(/\n$/, '');
}

/** Renders one raw line: records pretty, anything else exactly as it came. */
export function renderLine(line: string, color: boolean): string {
  const record = parseRecord(line);
  return record ? renderRecord(record, color) : line;
}
