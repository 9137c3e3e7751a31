// A pino logger for the CLIs whose NDJSON is rendered in-process (no pino transports, no worker threads).
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../log/logger.ts';
import { renderLine } from './render-log.ts';

/** Logger writing `time level msg key=val` lines (or raw NDJSON when `raw`) to stderr, so stdout stays data-only. */
export function createCliLogger(options: { level?: string; color: boolean; raw?: boolean; write?: (line: string) => void }): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  let pending = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString('utf8');
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line) write(options.raw ? line : renderLine(line, options.color));
        newline = pending.indexOf('\n');
      }
      done();
    },
  });
  return createLogger({ level: options.level ?? process.env.LOG_LEVEL ?? 'info', name: 'fault-inject' }, sink);
}
