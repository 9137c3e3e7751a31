// The HTML report in a real headless browser (Debian's chromium): the page parses into the chart and tables the record
// describes, a hostile scenario name stays text, and a screenshot is kept under test-artifacts/report/.
// Without chromium: fails under CI=true (.ci/run installs it via scripts/install-host-deps.sh --with-browser),
// skips loudly elsewhere.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { renderReport } from '../../runner/report/html.ts';
import { parseReportText } from '../../runner/report/input.ts';
import { REPO_ROOT } from '../../testbed/index.ts';
import { sampleResult } from './fixtures.ts';
import { countColour, decodePng } from './png.ts';

const ARTIFACTS = process.env.NETPART_TEST_ARTIFACTS ?? join(REPO_ROOT, 'test-artifacts');
const HOSTILE = 'worker-nats<script>document.title="pwned"</script>';

/** chromium from NETPART_CHROMIUM or PATH (Debian: chromium; others: chromium-browser, google-chrome). */
function findChromium(): string | undefined {
  if (process.env.NETPART_CHROMIUM) return process.env.NETPART_CHROMIUM;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Runs headless chromium on a file with a throwaway profile; returns stdout. */
function chromium(binary: string, file: string, args: string[]): string {
  const profile = mkdtempSync(join(tmpdir(), 'netpart-chromium-'));
  try {
    const run = spawnSync(
      binary,
      [
        '--headless',
        '--disable-gpu',
        '--no-first-run',
        `--user-data-dir=${profile}`,
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        ...args,
        pathToFileURL(file).href,
      ],
      { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
    );
    assert.equal(run.status, 0, `chromium ${args.join(' ')} exited ${run.status} (${run.signal ?? ''}): ${run.stderr.slice(-2000)}`);
    return run.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

const count = (dom: string, re: RegExp) => (dom.match(re) ?? []).length;

describe('the HTML report in headless chromium', () => {
  test('renders the record: chart marks, fault windows, figures; a <script> name stays text; screenshot kept', (t) => {
    const binary = findChromium();
    if (!binary) {
      const message =
        'chromium not found: the HTML report is not tested in a browser. Install it: apt-get install -y chromium (or scripts/install-host-deps.sh --with-browser as root)';
      if (process.env.CI === 'true') assert.fail(`${message} — CI=true requires it`);
      process.stderr.write(`\n${'!'.repeat(78)}\n!!! SKIPPED: ${message}\n${'!'.repeat(78)}\n`);
      t.skip(message);
      return;
    }
    // The report as `fault-inject report run.log` builds it: the result record plus the check lines of the log.
    const result = sampleResult({ name: HOSTILE });
    const log = [
      { level: 'info', time: '2026-03-01T10:00:30.950Z', msg: 'check', name: 'availability after the detection window', ok: true },
      { level: 'info', time: '2026-03-01T10:00:32.000Z', msg: 'scenario.result', ...result },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const input = parseReportText(log, 'run.log');
    const dir = join(ARTIFACTS, 'report');
    mkdirSync(dir, { recursive: true });
    const html = join(dir, 'report.html');
    writeFileSync(html, renderReport(input));

    const dom = chromium(binary, html, ['--dump-dom']);
    assert.match(dom, /<svg id="timeline"[^>]*>/, 'the chart is in the page');
    const samples = result.requests!.samples;
    assert.equal(count(dom, /<circle class="sample ok"/g), samples.filter((s) => s.ok).length, 'one circle per successful request');
    assert.equal(count(dom, /<path class="sample fail"/g), samples.filter((s) => !s.ok).length, 'one cross per failed request');
    const start = Date.parse(result.startedAt!);
    const fault = result.faults[1]!;
    const [from, to] = [Date.parse(fault.injectedAt!) - start, Date.parse(fault.recoveredAt!) - start];
    assert.match(dom, new RegExp(`<rect class="fault-window" data-fault-id="${fault.id}" data-from-ms="${from}" data-to-ms="${to}"`), 'the fault window');
    assert.match(dom, /<rect class="probe-window" data-fault-id="probe00001"/, 'the enforcement probe window');
    assert.match(dom, /<g class="probe-cut" data-at-ms="2150">/);
    assert.match(dom, /<g class="probe-restore" data-at-ms="5320">/);
    assert.equal(count(dom, /<g class="step step-passed" data-step=/g), result.steps.length, 'one bar per step');
    assert.equal(count(dom, /<path class="check-mark ok"/g), 1, 'the check line of the log');
    const { total, failed } = result.requests!;
    assert.match(dom, new RegExp(`<dd id="requests-total">${total}</dd>`));
    assert.match(dom, new RegExp(`<dd id="requests-failed">${failed}</dd>`));
    assert.match(dom, new RegExp(`<dd id="success-rate">${(((total - failed) / total) * 100).toFixed(2)} %</dd>`));
    assert.match(dom, /<tr data-metric="availabilityDuringFault"><td>availabilityDuringFault<\/td><td class="num">0.8<\/td><\/tr>/);
    assert.match(dom, /<tr data-metric="latencyDuringFaultMs.p50"><td>latencyDuringFaultMs.p50<\/td><td class="num">35.5<\/td><\/tr>/);
    // The browser built no script element from the name, and the title is the escaped name, not what the script sets.
    assert.doesNotMatch(dom, /<script/i);
    assert.match(dom, /<title>netpart: worker-nats&lt;script&gt;document\.title="pwned"&lt;\/script&gt; passed<\/title>/);
    assert.match(dom, /<span id="scenario-name">worker-nats&lt;script&gt;document\.title="pwned"&lt;\/script&gt;<\/span>/);

    const png = join(dir, 'report.png');
    rmSync(png, { force: true });
    chromium(binary, html, [`--screenshot=${png}`, '--window-size=1280,1700', '--hide-scrollbars']);
    const image = decodePng(readFileSync(png));
    assert.deepEqual([image.width, image.height], [1280, 1700], 'the screenshot has the window size');
    // The windows' fills (their CSS colours over white) were painted, in proportion to the record's durations.
    const over = (c: number[], alpha: number) => c.map((v) => Math.round(255 - alpha * (255 - v))) as [number, number, number];
    const faultPixels = countColour(image, over([207, 34, 46], 0.13));
    const probePixels = countColour(image, over([191, 135, 0], 0.18));
    const [scenarioFault, probeFault] = [result.faults[1]!, result.faults[0]!];
    const span = (f: typeof scenarioFault) => Date.parse(f.recoveredAt!) - Date.parse(f.injectedAt!);
    const expected = span(scenarioFault) / span(probeFault);
    assert.ok(faultPixels > 20_000 && probePixels > 3000, `fault windows painted: ${faultPixels} and ${probePixels} pixels`);
    assert.ok(
      Math.abs(faultPixels / probePixels / expected - 1) < 0.15,
      `fault/probe area ${(faultPixels / probePixels).toFixed(2)}, durations ${expected.toFixed(2)}`,
    );
    assert.ok(countColour(image, [207, 34, 46], 30) > 8 * 10, 'the failed requests’ red crosses are drawn');
    assert.ok(statSync(png).size > 30_000, `a screenshot of a drawn page, not a blank one (${statSync(png).size} bytes)`);
    t.diagnostic(`report: ${html}`);
    t.diagnostic(`screenshot: ${png}`);
    process.stderr.write(`HTML report test artifacts: ${html} ${png}\n`);
  });
});
