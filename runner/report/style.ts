// The report's inline stylesheet (the page loads nothing else); colours also say ok/fail without relying on red alone.

/** CSS for the page and its SVG chart. */
export const REPORT_CSS = `
:root { --ok: #1a7f37; --fail: #cf222e; --fault: rgba(207, 34, 46, .13); --probe: rgba(191, 135, 0, .18); --ink: #1f2328; --muted: #59636e; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 24px auto; max-width: 1100px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.badge { font-size: 13px; padding: 2px 8px; border-radius: 10px; color: #fff; vertical-align: middle; text-transform: uppercase; }
.badge.passed { background: var(--ok); } .badge.failed, .badge.error { background: var(--fail); }
.reason { color: var(--fail); font-weight: 600; white-space: pre-wrap; } .meta, .sub, footer { color: var(--muted); }
.note { background: #fff8c5; border: 1px solid #d4a72c; padding: 6px 10px; border-radius: 6px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 16px 0; }
.card { border: 1px solid #d1d9e0; border-radius: 8px; padding: 8px 14px; min-width: 120px; }
.card dt { color: var(--muted); font-size: 12px; } .card dd { margin: 0; font-size: 20px; font-weight: 600; }
.chart svg { width: 100%; height: auto; border: 1px solid #d1d9e0; border-radius: 8px; background: #fff; }
svg .grid { stroke: #eef1f4; } svg .tick, svg .axis-label { font-size: 11px; fill: var(--muted); }
svg .frame { fill: none; stroke: #afb8c1; }
svg .fault-window { fill: var(--fault); } svg .fault-window.unrecovered { stroke: var(--fail); stroke-dasharray: 4 3; }
svg .probe-window { fill: var(--probe); }
svg .probe-cut line, svg .probe-restore line { stroke: #9a6700; stroke-width: 1.5; stroke-dasharray: 5 3; }
svg .probe-cut text, svg .probe-restore text { font-size: 11px; fill: #9a6700; }
svg .step rect { fill: #54aeff; } svg .step-failed rect, svg .step-error rect, svg .step-aborted rect { fill: var(--fail); }
svg .step text { font-size: 10px; fill: #fff; font-weight: 600; } svg .step-line { stroke: #54aeff; stroke-opacity: .35; stroke-dasharray: 2 3; }
svg .sample.ok { fill: var(--ok); fill-opacity: .75; } svg .sample.fail { stroke: var(--fail); stroke-width: 1.8; fill: none; }
svg .check-mark.ok { fill: var(--ok); } svg .check-mark.fail { fill: var(--fail); }
svg .no-samples { fill: var(--muted); font-size: 14px; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 14px; color: var(--muted); font-size: 12px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 5px; vertical-align: -2px; border-radius: 2px; }
.key-ok { background: var(--ok); border-radius: 50% !important; } .key-fail { border: 2px solid var(--fail); }
.key-fault { background: var(--fault); border: 1px solid var(--fail); } .key-probe { background: var(--probe); }
.key-cut { border-left: 2px dashed #9a6700; } .key-step { background: #54aeff; } .key-check { background: var(--ok); transform: rotate(45deg) scale(.8); }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eef1f4; vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; } td.num { font-variant-numeric: tabular-nums; }
tr.fail .status, tr.status-failed .status, tr.status-error .status, tr.status-aborted .status { color: var(--fail); font-weight: 600; }
tr.ok .status, tr.status-passed .status { color: var(--ok); }
.detail { margin-right: 10px; white-space: nowrap; } .detail b { color: var(--muted); font-weight: 500; }
.empty { color: var(--muted); } footer { margin-top: 32px; font-size: 12px; }
`;
