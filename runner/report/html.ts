// One self-contained HTML page for a scenario run: summary, timeline chart, steps, checks, faults and metrics.
// No script and no network: inline CSS and SVG only, and a Content-Security-Policy that forbids anything else.
import { renderChart } from './chart.ts';
import { esc } from './escape.ts';
import type { ReportInput } from './input.ts';
import { checksTable, faultsTable, metricsTable, stepsTable } from './tables.ts';
import { buildTimeline } from './timeline.ts';
import { REPORT_CSS } from './style.ts';

/** Success rate as the report prints it (percent, two decimals), or "" when nothing was sent. */
export function percent(ok: number, total: number): string {
  return total === 0 ? '' : `${((ok / total) * 100).toFixed(2)} %`;
}

const card = (id: string, label: string, value: string) => `<div class="card"><dt>${esc(label)}</dt><dd id="${id}">${esc(value)}</dd></div>`;

/** Renders the report; `generatedAt` is shown in the footer (tests pass a fixed one). */
export function renderReport(input: ReportInput, generatedAt: Date = new Date()): string {
  const { result } = input;
  const timeline = buildTimeline(input);
  const requests = result.requests;
  const checksHeld = result.checks.filter((c) => c.ok).length;
  const thinned = requests?.stride ? ` (about 1 in ${requests.stride} drawn)` : '';
  const cards = [
    card('status', 'status', result.status),
    card('duration', 'duration', result.durationMs === undefined ? '' : `${(result.durationMs / 1000).toFixed(1)} s`),
    card('requests-total', 'requests', requests ? String(requests.total) : ''),
    card('requests-failed', 'failed requests', requests ? String(requests.failed) : ''),
    card('success-rate', 'success rate', requests ? percent(requests.total - requests.failed, requests.total) : ''),
    card('faults-count', 'faults', String(result.faults.length)),
    card('checks-held', 'checks held', `${checksHeld} of ${result.checks.length}`),
  ];
  const notes = [
    requests ? '' : 'This record has no request timeline (an older runner, or the termination-message summary): the chart shows the steps and faults only.',
    result.truncated
      ? 'This is the termination-message summary (≤ 4 KiB): checks, pods and nested metrics were left out; the runner log has the full record.'
      : '',
  ].filter(Boolean);
  const legend = [
    ['ok', 'successful request (latency)'],
    ['fail', 'failed request'],
    ['fault', 'fault window (inject → recover)'],
    ['probe', 'enforcement probe fault'],
    ['cut', 'probe: cut / restore seen'],
    ['step', 'step (number as in the table)'],
    ['check', 'check (from the log)'],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`netpart: ${result.scenario} ${result.status}`)}</title>
<style>${REPORT_CSS}</style></head>
<body class="${esc(result.status)}">
<header><h1>Scenario <span id="scenario-name">${esc(result.scenario)}</span> <span class="badge ${esc(result.status)}">${esc(result.status)}</span></h1>
${result.reason ? `<p id="reason" class="reason">${esc(result.reason)}</p>` : ''}
<p class="meta">started ${esc(result.startedAt ?? '?')} · finished ${esc(result.finishedAt ?? '?')} · ended by ${esc(result.endedBy ?? '?')}</p></header>
<dl class="cards">${cards.join('')}</dl>
${notes.map((n) => `<p class="note">${esc(n)}</p>`).join('\n')}
<section><h2>Timeline</h2>
<p class="sub">${requests ? `${requests.samples.length} requests drawn${thinned}` : 'no requests recorded'}</p>
<div class="chart">${renderChart(timeline)}</div>
<ul class="legend">${legend.map(([k, text]) => `<li><i class="key-${k}"></i>${esc(text)}</li>`).join('')}</ul></section>
<section><h2>Steps</h2>${stepsTable(result, timeline)}</section>
<section><h2>Checks</h2>${checksTable(result)}</section>
<section><h2>Faults</h2>${faultsTable(result, timeline)}</section>
<section><h2>Metrics</h2>${metricsTable(result)}</section>
<footer>netpart report · from ${esc(input.source)} · generated ${esc(generatedAt.toISOString())}</footer>
</body></html>
`;
}
