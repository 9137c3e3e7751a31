// A pino logger for the CLIs, rendered by pino-pretty as a stream in this thread (esbuild bundles the CLIs: no worker transport).
import pinoPretty from 'pino-pretty';
import { createLogger, type Logger } from '../../log/logger.ts';
import { prettyOptions } from './render-log.ts';

/** Logger writing pino-pretty lines to stderr (or `destination`), so stdout stays data-only; sync, so no line is lost at exit. */
export function createCliLogger(options: { level?: string; color: boolean; destination?: NodeJS.WritableStream }): Logger {
  const stream = pinoPretty({ ...prettyOptions(options.color), destination: options.destination ?? 2, sync: true });
  return createLogger({ level: options.level ?? process.env.LOG_LEVEL ?? 'info', name: 'fault-inject' }, stream);
}
