// buildIfMissing against real scripts in a temp dir: skip when built, build when missing, progress while it runs,
// name the script on failure; and the plan printed before a cold build.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildIfMissing, ComponentBuildError, formatElapsed, progressLine } from '../../../testbed/build/build-cache.ts';
import {
  ALL_COLD_MINUTES,
  buildPlan,
  COREDNS_BUILD,
  KUBE_ROUTER_BUILD,
  KUBERNETES_BUILD,
  NATS_BUILD,
  testbedBuilds,
} from '../../../testbed/build/component-builds.ts';

describe('buildIfMissing', () => {
  test('runs the script only while a binary is missing, and logs what it builds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpart-build-'));
    const binary = join(dir, 'bin', 'tool');
    const script = join(dir, 'build.sh');
    writeFileSync(script, `mkdir -p ${dir}/bin && echo x >> ${binary}`);
    const lines: string[] = [];
    const build = { what: 'tool', binaries: [binary], script, coldMinutes: 3 };
    await buildIfMissing(build, (l) => lines.push(l));
    assert.equal(existsSync(binary), true);
    await buildIfMissing(build, (l) => lines.push(l));
    assert.equal(lines.length, 2, 'the second call found it built');
    assert.equal(lines[0], `building tool into ${join(dir, 'bin')} (cold: ~3 min on 2 cores; seconds with a warm Go cache)…`);
    assert.match(lines[1] ?? '', /^built tool in \d+s$/);
  });

  test('logs progress with the elapsed time while the script runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpart-build-'));
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    const script = join(dir, 'build.sh');
    writeFileSync(script, `touch ${a}; sleep 0.5; touch ${b}`);
    const lines: string[] = [];
    await buildIfMissing({ what: 'two', binaries: [a, b], script, coldMinutes: 1 }, (l) => lines.push(l), 100);
    const progress = lines.filter((l) => l.includes('still building'));
    assert.ok(progress.length >= 2, lines.join('\n'));
    // a tick may land between the last touch and the exit, so look for the mid-build line rather than the last one
    assert.ok(
      progress.some((l) => /^ {2}… still building two: \d+s elapsed, 1\/2 built \(a\)$/.test(l)),
      progress.join('\n'),
    );
  });

  test("passes the build's arguments (the pinned versions) to the script", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpart-build-'));
    const binary = join(dir, 'tool');
    const script = join(dir, 'build.sh');
    writeFileSync(script, `echo "$1 $2" > ${binary}`);
    await buildIfMissing({ what: 'tool', binaries: [binary], script, args: ['v1.2.3', 'v4.5.6'], coldMinutes: 1 }, () => undefined);
    assert.equal(readFileSync(binary, 'utf8'), 'v1.2.3 v4.5.6\n');
  });

  test('a failing script is a ComponentBuildError naming the command to run, with its arguments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpart-build-'));
    const script = join(dir, 'build.sh');
    writeFileSync(script, 'exit 3');
    await assert.rejects(
      buildIfMissing({ what: 'tool', binaries: [join(dir, 'nope')], script, args: ['v9.9.9'], coldMinutes: 1 }, () => undefined),
      (error: unknown) => error instanceof ComponentBuildError && error.message.includes(`run bash ${script} v9.9.9`),
    );
  });

  test('a failing script is a ComponentBuildError naming the script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpart-build-'));
    const script = join(dir, 'build.sh');
    writeFileSync(script, 'exit 3');
    await assert.rejects(
      buildIfMissing({ what: 'tool', binaries: [join(dir, 'nope')], script, coldMinutes: 1 }, () => undefined),
      (error: unknown) => error instanceof ComponentBuildError && error.message.includes('exit code 3') && error.message.includes(`run bash ${script}`),
    );
  });

  test('a script that succeeds without producing the binary is an error too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpart-build-'));
    const script = join(dir, 'build.sh');
    writeFileSync(script, 'true');
    await assert.rejects(
      buildIfMissing({ what: 'tool', binaries: [join(dir, 'nope')], script, coldMinutes: 1 }, () => undefined),
      /finished without .*nope/,
    );
  });
});

describe('progress and plan text', () => {
  test('elapsed time reads as seconds, then minutes and seconds', () => {
    assert.equal(formatElapsed(12_400), '12s');
    assert.equal(formatElapsed(245_000), '4m05s');
  });

  test('the progress line of a single-binary build has no count', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpart-build-'));
    mkdirSync(join(dir, 'x'));
    assert.equal(progressLine({ what: 'one', binaries: [join(dir, 'one')], script: 'x', coldMinutes: 1 }, 61_000), '  … still building one: 1m01s elapsed');
  });

  test('the plan names what is missing and the measured cold estimate, capped at the all-components figure', () => {
    const plan = buildPlan(testbedBuilds(true), 2) ?? '';
    for (const b of [KUBERNETES_BUILD, NATS_BUILD, KUBE_ROUTER_BUILD, COREDNS_BUILD]) assert.ok(plan.includes(b.what), b.what);
    assert.match(plan, new RegExp(`~${ALL_COLD_MINUTES} min on 2 cores from empty Go caches \\(this machine has 2\\)`));
    assert.match(buildPlan([NATS_BUILD], 8) ?? '', /~1 min on 2 cores/);
    assert.equal(buildPlan([]), undefined);
  });

  test('without the dataplane, kube-router and CoreDNS are not built', () => {
    assert.deepEqual(testbedBuilds(false), [KUBERNETES_BUILD, NATS_BUILD]);
  });
});
