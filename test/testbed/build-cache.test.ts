// buildIfMissing against real scripts in a temp dir: skip when built, build when missing, name the script on failure.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildIfMissing, ComponentBuildError } from './build-cache.ts';

describe('buildIfMissing', () => {
  test('runs the script only while a binary is missing, and logs what it builds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpart-build-'));
    const binary = join(dir, 'bin', 'tool');
    const script = join(dir, 'build.sh');
    writeFileSync(script, `mkdir -p ${dir}/bin && echo x >> ${binary}`);
    const lines: string[] = [];
    const build = { what: 'tool', binaries: [binary], script, coldTime: 'a moment' };
    buildIfMissing(build, (l) => lines.push(l));
    assert.equal(existsSync(binary), true);
    buildIfMissing(build, (l) => lines.push(l));
    assert.deepEqual(lines, [`building tool into ${join(dir, 'bin')} (cold build takes a moment)…`], 'the second call found it built');
  });

  test('a failing script is a ComponentBuildError naming the script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpart-build-'));
    const script = join(dir, 'build.sh');
    writeFileSync(script, 'exit 3');
    assert.throws(
      () => buildIfMissing({ what: 'tool', binaries: [join(dir, 'nope')], script, coldTime: 'a moment' }, () => undefined),
      (error: unknown) => error instanceof ComponentBuildError && error.message.includes(`run ${script}`) && error.cause !== undefined,
    );
  });
});
