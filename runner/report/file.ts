// Reading a report's input from a file and writing the HTML, with errors that say which file and what to do.
import { readFileSync, writeFileSync } from 'node:fs';
import { ReportInputError, ReportOutputError } from './errors.ts';
import { renderReport } from './html.ts';
import { parseReportText, type ReportInput } from './input.ts';

/** Reads a result JSON or a runner NDJSON log; a missing or unreadable file is a ReportInputError naming the fix. */
export function readReportInput(path: string): ReportInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? String(error)})`;
    throw new ReportInputError(
      `${path}: ${why}; pass the result JSON or the runner's NDJSON log, e.g. \`run-incluster <scenario> -o json > run.log\` then \`fault-inject report run.log -o run.html\``,
      path,
      { cause: error },
    );
  }
  return parseReportText(text, path);
}

/** Renders `input` and writes it to `out`; returns the bytes written. */
export function writeReport(input: ReportInput, out: string): number {
  const html = renderReport(input);
  try {
    writeFileSync(out, html);
  } catch (error) {
    throw new ReportOutputError(`cannot write the report to ${out}: ${(error as Error).message}; pick a writable path with -o/--report`, out, { cause: error });
  }
  return Buffer.byteLength(html);
}
