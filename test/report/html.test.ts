// The pure renderer: hostile names stay text, the chart draws exactly the record's samples, windows and marks, and
// the page loads nothing from anywhere.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderReport, percent } from '../../runner/report/html.ts';
import { decades, tickStep } from '../../runner/report/chart.ts';
import { flattenMetrics, show } from '../../runner/report/tables.ts';
import { esc } from '../../runner/report/escape.ts';
import { sampleResult } from './fixtures.ts';

const HOSTILE = '<script>document.title="pwned"</script>';
const ATTR = '"><img src=x onerror=alert(1)>';

const count = (html: string, needle: RegExp) => (html.match(needle) ?? []).length;
const render = (result = sampleResult()) => renderReport({ result, events: [], source: 'test' }, new Date('2026-03-01T11:00:00Z'));

describe('renderReport', () => {
  test('names from users and pods are text, never markup: no script, no injected element or attribute', () => {
    const result = sampleResult({ name: HOSTILE, pod: ATTR });
    result.checks.push({ name: HOSTILE, ok: false, details: { [ATTR]: HOSTILE } });
    result.metrics[`x${ATTR}`.replace(/[^A-Za-z]/g, '')] = HOSTILE;
    result.faults[1]!.id = ATTR;
    result.reason = HOSTILE;
    const html = render(result);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<img/i);
    // Escaped attribute values hold no raw quote, so dropping them leaves only real attribute names to look at.
    assert.doesNotMatch(html.replace(/="[^"]*"/g, '=""'), /<[a-z][^>]*\son\w+=/i, 'no element carries an event handler');
    assert.ok(html.includes(esc(HOSTILE)), 'the name is shown, escaped');
    assert.ok(html.includes(`data-fault-id="${esc(ATTR)}"`), 'attribute values are escaped too');
    assert.match(html, /<title>netpart: &lt;script&gt;document.title=&quot;pwned&quot;&lt;\/script&gt; passed<\/title>/);
  });

  test('self-contained: a CSP forbidding everything but inline style, and no src/href to load', () => {
    const html = render();
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
    assert.doesNotMatch(html, /\s(src|href)=/i);
    assert.deepEqual(html.match(/https?:\/\/[^\s"']+/g), ['http://www.w3.org/2000/svg'], 'the SVG namespace is the only URL');
  });

  test('the chart has one mark per sample, the fault and probe windows, cut/restore and numbered steps', () => {
    const result = sampleResult();
    const html = render(result);
    const samples = result.requests!.samples;
    assert.equal(count(html, /class="sample ok"/g), samples.filter((s) => s.ok).length);
    assert.equal(count(html, /class="sample fail"/g), samples.filter((s) => !s.ok).length);
    assert.match(html, /<rect class="fault-window" data-fault-id="fault00002" data-from-ms="9000" data-to-ms="29100"/);
    assert.match(html, /<rect class="probe-window" data-fault-id="probe00001" data-from-ms="2000" data-to-ms="5000"/);
    assert.match(html, /<g class="probe-cut" data-at-ms="2150">/);
    assert.match(html, /<g class="probe-restore" data-at-ms="5320">/);
    assert.equal(count(html, /<g class="step step-passed" data-step="\d"/g), result.steps.length);
    assert.match(
      html,
      /<td>3<\/td><td>inject: vllm-decode-worker-1 loses NATS<\/td><td class="status">passed<\/td><td class="num">9.0<\/td><td class="num">0.8<\/td>/,
    );
  });

  test('the figures are the record’s: totals, success rate, every metric (nested ones flattened) and every check', () => {
    const result = sampleResult();
    const html = render(result);
    const { total, failed } = result.requests!;
    assert.match(html, new RegExp(`<dd id="requests-total">${total}</dd>`));
    assert.match(html, new RegExp(`<dd id="requests-failed">${failed}</dd>`));
    assert.match(html, new RegExp(`<dd id="success-rate">${percent(total - failed, total)}</dd>`));
    assert.equal(percent(38, 46), '82.61 %');
    for (const [name, value] of flattenMetrics(result.metrics)) {
      assert.ok(html.includes(`<tr data-metric="${esc(name)}"><td>${esc(name)}</td><td class="num">${esc(show(value))}</td></tr>`), name);
    }
    assert.ok(html.includes('<tr data-metric="latencyDuringFaultMs.p95"><td>latencyDuringFaultMs.p95</td><td class="num">40.1</td></tr>'));
    assert.ok(html.includes('<tr data-metric="timeToRecoverSeconds"><td>timeToRecoverSeconds</td><td class="num">1.2345</td></tr>'));
    assert.equal(count(html, /<tr class="ok"><td>/g), result.checks.length);
  });

  test('a termination-message summary (no timeline, truncated) still renders, and says what is missing', () => {
    const { scenario, status, endedBy, startedAt, finishedAt, durationMs } = sampleResult();
    const html = render({
      scenario,
      status,
      endedBy,
      startedAt,
      finishedAt,
      durationMs,
      steps: [{ name: 'inject', status: 'failed', durationMs: 5 }],
      faults: [{ id: 'f1', injectedAt: startedAt!, recoveredAt: null }],
      metrics: { availabilityDuringFault: 0.5 },
      checks: [],
      truncated: true,
    });
    assert.match(html, /no request samples in this record/);
    assert.match(html, /termination-message summary/);
    assert.match(html, /<rect class="fault-window unrecovered" data-fault-id="f1" data-from-ms="0" data-to-ms="32000"/);
    assert.match(html, /<dd id="requests-total"><\/dd>/);
  });

  test('a thinned timeline says so', () => {
    const result = sampleResult();
    result.requests!.stride = 4;
    assert.match(render(result), /46 requests drawn \(about 1 in 4 drawn\)/);
  });
});

describe('axes', () => {
  test('tick steps are 1, 2 or 5 × 10^n and fit the count', () => {
    assert.equal(tickStep(32, 10), 5);
    assert.equal(tickStep(300, 10), 50);
    assert.equal(tickStep(7, 10), 1);
  });

  test('latency decades cover every sample and span at least two', () => {
    assert.deepEqual(decades([20, 5000]), [1, 4]);
    assert.deepEqual(decades([]), [0, 3]);
    assert.deepEqual(decades([0.3, 0.5]), [-1, 1]);
  });
});
