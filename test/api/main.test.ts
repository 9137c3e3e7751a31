// The API image's entry point: its flags are parsed by commander, and bad input names the flag and the fix.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'runner/api/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
    timeout: 60_000,
  });

describe('api main flags', () => {
  test('--help lists every flag and exits 0', () => {
    const r = run(['--help']);
    assert.equal(r.status, 0, r.stderr);
    for (const flag of ['--port <port>', '--host <host>', '--insecure-no-auth', '--unauthenticated-as <user>', '--kubeconfig <file>', '--context <name>']) {
      assert.ok(r.stdout.includes(flag), flag);
    }
  });

  test('an unknown flag is refused by name, exit 1, before anything starts', () => {
    const r = run(['--prot', '8080']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /unknown option '--prot'/);
  });

  test('a bad --port or PORT names the flag and an example', () => {
    for (const [args, env] of [
      [['--port', 'http'], {}],
      [[], { PORT: '70000' }],
    ] as const) {
      const r = run([...args], env);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /--port\/PORT \\"(http|70000)\\" is not a port number \(0–65535\), e\.g\. --port 8080/);
    }
  });
});
