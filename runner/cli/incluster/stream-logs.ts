// Follows the runner pod's log endpoint, renders or passes each line on, and hands every parsed record to the caller.
import { setTimeout as sleep } from 'node:timers/promises';
import { POLL_DEFAULTS } from '../../util/poll.ts';
import { ERROR_CODES, NetpartError } from '../../util/errors.ts';
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import type { Kube } from '../../kube/client.ts';
import { kubeErrorMessage } from '../../kube/client.ts';
import { parseRecord, renderLine, type LogRecord } from '../common/render-log.ts';

/** How to show the stream and where records go. */
export interface StreamLogsOptions {
  namespace: string;
  pod: string;
  container?: string;
  /** "json": lines exactly as the runner wrote them; "text": `time level msg key=val`. */
  output: 'text' | 'json';
  color: boolean;
  write: (line: string) => void;
  onRecord?: (record: LogRecord) => void;
  /** True while the container still runs; decides whether a dropped stream is resumed. */
  stillRunning: () => Promise<boolean>;
  signal?: AbortSignal;
}

/** The log endpoint could not be read at all. */
export class LogStreamError extends NetpartError {
  override name = 'LogStreamError';
  constructor(message: string, options?: ErrorOptions) {
    super(ERROR_CODES.logStreamFailed, message, options);
  }
}

// with timestamps=true the kubelet prefixes "2025-01-01T00:00:00.123456789Z " to every line
const TIMESTAMP_PREFIX = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) (.*)$/s;

/** Splits a kubelet timestamp prefix from its line; lines without one keep an empty stamp. */
export function splitTimestamp(raw: string): { stamp: string; line: string } {
  const match = TIMESTAMP_PREFIX.exec(raw);
  return match ? { stamp: match[1]!, line: match[2]! } : { stamp: '', line: raw };
}

/** RFC3339Nano trims trailing zeros, so pad the fraction to 9 digits before comparing stamps as strings. */
export function comparableStamp(stamp: string): string {
  return stamp.replace(
    /^([^.Z+]*?:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/,
    (_m, base: string, frac: string | undefined, zone: string) => `${base}.${(frac ?? '').padEnd(9, '0')}${zone}`,
  );
}

/** Tracks what was shown so a resumed stream (sinceTime is inclusive) skips exactly the lines already seen. */
export class SeenLines {
  private lastStamp = '';
  private atLastStamp = 0;
  private skipBudget = 0;

  /** Where to resume from (RFC3339), or undefined before the first stamped line. */
  get resumeFrom(): string | undefined {
    return this.lastStamp || undefined;
  }

  /** Call when a new connection starts: lines at the last stamp will be replayed that many times. */
  reconnect(): void {
    this.skipBudget = this.atLastStamp;
  }

  /** True when the line is new and should be shown. Lines sharing one stamp are all kept within a connection. */
  accept(stamp: string): boolean {
    if (!stamp) return true;
    const order = this.lastStamp ? compareStamps(stamp, this.lastStamp) : 1;
    if (order < 0) return false;
    if (order === 0 && this.skipBudget > 0) {
      this.skipBudget--;
      return false;
    }
    this.skipBudget = 0;
    if (order > 0) {
      this.lastStamp = stamp;
      this.atLastStamp = 0;
    }
    this.atLastStamp++;
    return true;
  }
}

const compareStamps = (a: string, b: string): number => {
  const x = comparableStamp(a);
  const y = comparableStamp(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Follows the logs until the container ends; reconnects (skipping lines already shown) if the stream drops early. */
export async function streamPodLogs(kube: Kube, options: StreamLogsOptions): Promise<void> {
  const seen = new SeenLines();
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) return;
    const sink = new PassThrough();
    const lines = createInterface({ input: sink, crlfDelay: Infinity });
    let controller: AbortController;
    seen.reconnect();
    try {
      const since = seen.resumeFrom;
      controller = await kube.logs.log(options.namespace, options.pod, options.container ?? 'runner', sink, {
        follow: true,
        timestamps: true,
        ...(since ? { sinceTime: since } : {}),
      });
    } catch (error) {
      sink.end();
      if (attempt < 3 && (await options.stillRunning())) {
        await sleep(POLL_DEFAULTS.intervalMs);
        continue;
      }
      throw new LogStreamError(`cannot read logs of pod ${options.namespace}/${options.pod}: ${kubeErrorMessage(error)}`, { cause: error });
    }
    // the client pipes the response into `sink` but never forwards its errors or an abort: end the sink ourselves,
    // on abort, or when the container is gone and the stream has gone quiet (else the loop would wait forever)
    let lastData = Date.now();
    sink.on('data', () => (lastData = Date.now()));
    const onAbort = () => {
      controller.abort();
      sink.end();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const watchdog = setInterval(() => {
      if (Date.now() - lastData < 5000) return;
      options.stillRunning().then(
        (running) => {
          if (!running) onAbort();
        },
        () => undefined,
      );
    }, 5000);
    try {
      for await (const raw of lines) {
        const { stamp, line } = splitTimestamp(raw);
        if (!seen.accept(stamp)) continue;
        const record = parseRecord(line);
        if (record) options.onRecord?.(record);
        options.write(options.output === 'json' ? line : renderLine(line, options.color));
      }
    } catch (error) {
      if (!options.signal?.aborted && (error as Error).name !== 'AbortError') throw error;
    } finally {
      clearInterval(watchdog);
      options.signal?.removeEventListener('abort', onAbort);
    }
    if (options.signal?.aborted || !(await options.stillRunning()) || attempt >= 20) return;
  }
}
