import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createColorCodes } from '../../runner/checks/colors.ts';

const NAMES = ['HEADER', 'OKBLUE', 'OKCYAN', 'OKGREEN', 'WARNING', 'FAIL', 'ENDC', 'BOLD', 'UNDERLINE'] as const;

// Imports Colors in a fresh process so picocolors' detection sees the given environment.
function colorsIn(env: NodeJS.ProcessEnv): Record<string, string> {
  const script = "import('./runner/checks/colors.ts').then((m) => process.stdout.write(JSON.stringify(m.Colors)))";
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { PATH: process.env.PATH, ...env },
  });
  return JSON.parse(out.toString()) as Record<string, string>;
}

describe('Colors', () => {
  test('enabled codes are the guide ANSI escapes, ENDC resets', () => {
    const codes = createColorCodes(true);
    // eslint-disable-next-line no-control-regex -- an ANSI colour code starts with ESC; matching it is the test
    for (const name of NAMES) assert.match(codes[name], /^\x1b\[\d+m$/, name);
    assert.equal(codes.ENDC, '\x1b[0m');
    assert.equal(codes.FAIL, '\x1b[91m');
    assert.equal(codes.OKGREEN, '\x1b[92m');
    // the guide's values, exactly
    assert.deepEqual(
      { ...codes },
      {
        HEADER: '\x1b[95m',
        OKBLUE: '\x1b[94m',
        OKCYAN: '\x1b[96m',
        OKGREEN: '\x1b[92m',
        WARNING: '\x1b[93m',
        FAIL: '\x1b[91m',
        ENDC: '\x1b[0m',
        BOLD: '\x1b[1m',
        UNDERLINE: '\x1b[4m',
      },
    );
    assert.ok(Object.isFrozen(codes));
  });

  test('disabled codes are empty strings', () => {
    const codes = createColorCodes(false);
    for (const name of NAMES) assert.equal(codes[name], '', name);
  });

  test('NO_COLOR turns Colors off even when FORCE_COLOR is set', () => {
    const colors = colorsIn({ NO_COLOR: '1', FORCE_COLOR: '1' });
    for (const name of NAMES) assert.equal(colors[name], '', name);
  });

  test('FORCE_COLOR turns Colors on in a non-TTY child', () => {
    const colors = colorsIn({ FORCE_COLOR: '1' });
    assert.equal(colors.FAIL, '\x1b[91m');
  });

  test('a pipe without FORCE_COLOR gets no colour', () => {
    const colors = colorsIn({});
    assert.equal(colors.OKGREEN, '');
  });
});
