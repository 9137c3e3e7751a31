// Container log files in the CRI format the kubelet uses: "<RFC3339Nano> <stream> <F|P> <text>" per line.
import { closeSync, openSync, writeSync } from 'node:fs';

/** One parsed log record. */
export interface LogRecord {
  time: string;
  stream: 'stdout' | 'stderr';
  /** False for a partial line (no trailing newline in the container's output yet). */
  full: boolean;
  text: string;
}

/** Appends a container's stdout/stderr to one file, stamping each line as it arrives. */
export class LogWriter {
  private readonly fd: number;
  private readonly pending: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  /** Records a chunk of output; complete lines are written at once, the rest waits for its newline. */
  write(stream: 'stdout' | 'stderr', chunk: Buffer | string): void {
    const data = this.pending[stream] + chunk.toString();
    const lines = data.split('\n');
    this.pending[stream] = lines.pop() ?? '';
    for (const line of lines) this.append(stream, 'F', line);
  }

  /** Flushes partial lines (as partial records, like the CRI) and closes the file. */
  close(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.pending[stream]) this.append(stream, 'P', this.pending[stream]);
      this.pending[stream] = '';
    }
    closeSync(this.fd);
  }

  private append(stream: string, tag: 'F' | 'P', text: string): void {
    writeSync(this.fd, `${new Date().toISOString().replace('Z', '000000Z')} ${stream} ${tag} ${text}\n`);
  }
}

/** Parses complete lines of a CRI log; `rest` is an incomplete trailing line to keep for the next read. */
export function parseLogRecords(data: string): { records: LogRecord[]; rest: string } {
  const lines = data.split('\n');
  const rest = lines.pop() ?? '';
  const records: LogRecord[] = [];
  for (const line of lines) {
    const m = /^(\S+) (stdout|stderr) ([FP]) (.*)$/s.exec(line);
    if (m) records.push({ time: m[1] as string, stream: m[2] as 'stdout' | 'stderr', full: m[3] === 'F', text: m[4] as string });
  }
  return { records, rest };
}

/** The bytes `kubectl logs` shows for a record. */
export function formatRecord(record: LogRecord, timestamps: boolean): string {
  return `${timestamps ? `${record.time} ` : ''}${record.text}${record.full ? '\n' : ''}`;
}

/** The last `tailLines` records (all when undefined or negative). */
export function tail(records: readonly LogRecord[], tailLines: number | undefined): readonly LogRecord[] {
  if (tailLines === undefined || tailLines < 0) return records;
  return tailLines === 0 ? [] : records.slice(-tailLines);
}
