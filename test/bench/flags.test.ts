// `npm run bench` flags: parsed by commander; bad input exits 2 (an error), never 1 (a missed target).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bench = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/main.ts', ...args], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 60_000 });

describe('bench flags', () => {
  test('--runs below 3 or not a number is refused naming --runs and the fix, exit 2', () => {
    for (const runs of ['2', 'many', '3.5']) {
      const r = bench(['--runs', runs, '--only', 'none']);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /--runs: give a whole number ≥ 3 \(each figure is a median\)/);
    }
  });

  test('an unknown flag is refused, exit 2; --help exits 0 and lists the groups', () => {
    const unknown = bench(['--jsn']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown option '--jsn'/);
    const help = bench(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--only <ids>.*bundle, cold, roundtrip/s);
  });

  test('--only with a group that needs nothing measures nothing and exits 0', () => {
    const r = bench(['--only', 'none', '--runs', '3', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { figures: object }).figures, {});
  });
});
