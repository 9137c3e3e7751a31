// run-incluster --report: the HTML report of the run, from the result record and the events its log stream carried.
import { MAX_EVENTS, parseResult, toEvent, type ReportEvent } from '../../report/input.ts';
import { writeReport } from '../../report/file.ts';
import type { ResultSummary } from '../../contract/result.ts';

/** Collects the log records the report marks while the logs stream (bounded), and writes the report at the end. */
export function createRunReport(out: string, source: string) {
  const events: ReportEvent[] = [];
  return {
    /** Pass every record of the runner's log, in order. */
    onRecord(record: Record<string, unknown>): void {
      const event = toEvent(record);
      if (event && events.length < MAX_EVENTS) events.push(event);
    },
    /** Writes the report of `result`; returns the line to print. */
    write(result: ResultSummary): string {
      const parsed = parseResult(result, source);
      const bytes = writeReport({ result: parsed, events, source }, out);
      const requests = parsed.requests ? `, ${parsed.requests.total} requests, ${parsed.requests.failed} failed` : ', no request timeline in the record';
      return `report written to ${out} (${bytes} bytes${requests})`;
    },
  };
}
