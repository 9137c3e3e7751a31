// `fault-inject report`: a runner log or a result JSON in, an HTML file out; bad input ends with exit 2 and the fix.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../../testbed/index.ts';
import { sampleResult } from '../report/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'netpart-report-cli-'));

function report(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'runner/cli/fault-inject.ts'), 'report', ...args], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    timeout: 60_000,
    env: { ...process.env, KUBECONFIG: join(dir, 'no-kubeconfig') },
  });
  return { code: run.status, stderr: run.stderr, stdout: run.stdout };
}

describe('fault-inject report', () => {
  test('a runner NDJSON log → an HTML file (no cluster needed), with a summary line on stderr', () => {
    const result = sampleResult();
    const log = join(dir, 'run.log');
    writeFileSync(
      log,
      [
        { level: 'info', time: result.startedAt, msg: 'runner.start' },
        { level: 'info', time: result.finishedAt, msg: 'scenario.result', ...result },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const out = join(dir, 'run.html');
    const r = report(log, '-o', out);
    assert.equal(r.code, 0, r.stderr);
    const { total, failed } = result.requests!;
    assert.match(
      r.stderr,
      new RegExp(`report of worker-nats \\(passed, ${total} requests, ${failed} failed\\) written to ${out.replace(/[.]/g, '\\.')} \\(\\d+ bytes\\)`),
    );
    const html = readFileSync(out, 'utf8');
    assert.match(html, /<svg id="timeline"/);
    assert.equal((html.match(/class="sample (ok|fail)"/g) ?? []).length, result.requests!.samples.length);
  });

  test('a missing input: exit 2 naming the file and what to pass', () => {
    const r = report(join(dir, 'missing.json'), '-o', join(dir, 'x.html'));
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /missing\.json: no such file; pass the result JSON or the runner's NDJSON log, e\.g\. `run-incluster <scenario> -o json > run\.log`/,
    );
    assert.equal(existsSync(join(dir, 'x.html')), false);
  });

  test('an invalid input: exit 2 naming the field; text logs: rerun with -o json', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ scenario: 'x', status: 'maybe' }));
    let r = report(bad, '-o', join(dir, 'x.html'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.json: not a scenario\.result record: field status: .*Pass the result JSON/);
    const text = join(dir, 'text.log');
    writeFileSync(text, '10:00:00.000 info step.start step=baseline\n');
    r = report(text, '-o', join(dir, 'x.html'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no JSON lines: this looks like text output; rerun with run-incluster -o json/);
  });

  test('no -o, or a format name where the file goes: exit 2 asking for the HTML file', () => {
    const input = join(dir, 'result.json');
    writeFileSync(input, JSON.stringify(sampleResult()));
    for (const args of [[input], [input, '-o', 'json']]) {
      const r = report(...args);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /-o: name the HTML file to write, e\.g\. -o run\.html/);
    }
  });

  test('an unwritable output: exit 2 naming the path', () => {
    const input = join(dir, 'result.json');
    writeFileSync(input, JSON.stringify(sampleResult()));
    const r = report(input, '-o', join(dir, 'no-such-dir', 'run.html'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot write the report to .*no-such-dir\/run\.html: .*pick a writable path/);
  });
});
