// Renders the figures as one plain-text table (the `npm run bench` output and the table in BENCHMARKS.md).
import type { Figure } from './figure.ts';

const yesNo = (f: Figure): string => (f.value === 1 ? 'yes' : f.value === 0 ? 'no' : `${Math.round(f.value * f.runs)}/${f.runs} yes`);

const formatValue = (f: Figure): string =>
  f.unit === 'yes/no'
    ? yesNo(f)
    : f.unit === 'x'
      ? `${f.value.toFixed(2)}x`
      : f.unit === 'bytes'
        ? `${(f.value / 1024).toFixed(1)} KiB`
        : f.unit === '%'
          ? `${f.value.toFixed(1)} %`
          : `${f.value.toFixed(1)} ms`;

/** A Markdown-compatible table: figure, median, runs, goal, met. */
export function renderTable(figures: Figure[]): string {
  const rows = figures.map((f) => [f.label, formatValue(f), String(f.runs), f.goal ?? '—', f.met === undefined ? '—' : f.met ? 'yes' : 'NO']);
  const header = ['figure', 'median', 'runs', 'goal', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}
