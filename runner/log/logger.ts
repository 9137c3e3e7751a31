// pino logger for the runner: NDJSON to stdout, secrets redacted; pretty output is the CLI's job, not the runner's.
import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths whose values never reach a log line (tokens, auth headers, kubeconfig secrets). */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'bearerToken',
  '*.bearerToken',
  'client-key-data',
  '*.client-key-data',
];

/** Creates the NDJSON logger; `destination` defaults to stdout (tests pass a stream). */
export function createLogger(options: { level?: string; name?: string | null } = {}, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      ...(options.name === null ? {} : { name: options.name ?? 'netpart' }),
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      base: undefined,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
