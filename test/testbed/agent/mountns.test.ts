// The mount-namespace wrapper really binds files and directories, privately, and applies workingDir.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { mountNamespaceArgv, shellQuote } from './mountns.ts';

const canMount = process.getuid?.() === 0 && existsSync('/usr/bin/unshare');

describe('private mount namespace', { skip: canMount ? false : 'needs root and unshare' }, () => {
  test('binds a directory and a file at their targets, cds into workingDir, leaves the host untouched', () => {
    const root = mkdtempSync(join(tmpdir(), 'netpart-mnt-'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'token'), 'tok');
    writeFileSync(join(root, 'msg'), '');
    const target = join(root, 'var', "it's here");
    const argv = mountNamespaceArgv(['/bin/sh', '-c', 'cat token && pwd && echo done > /tmp-term'.replace('/tmp-term', join(root, 'term'))], [
      { source: join(root, 'src'), target, readOnly: true },
      { source: join(root, 'msg'), target: join(root, 'term'), readOnly: false },
    ], target);
    const out = execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    assert.equal(out, `tok${target}\n`);
    // The write went through the bind mount into the source file.
    assert.equal(execFileSync('cat', [join(root, 'msg')], { encoding: 'utf8' }), 'done\n');
    // Private propagation: the host sees the empty mount point, not the bound content.
    assert.equal(existsSync(join(target, 'token')), false);
  });

  test('a read-only mount refuses writes', () => {
    const root = mkdtempSync(join(tmpdir(), 'netpart-mnt-'));
    mkdirSync(join(root, 'src'));
    const argv = mountNamespaceArgv(['/bin/sh', '-c', `touch ${shellQuote(join(root, 'ro', 'x'))} 2>/dev/null && echo wrote || echo refused`], [{ source: join(root, 'src'), target: join(root, 'ro'), readOnly: true }], undefined);
    assert.equal(execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8' }), 'refused\n');
  });
});
