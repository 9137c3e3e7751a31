// The mount-namespace wrapper really binds files and directories, privately, and applies workingDir.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { mountNamespaceArgv, shellQuote, stageDirFor } from '../../../testbed/agent/mountns.ts';

const canMount = process.getuid?.() === 0 && existsSync('/usr/bin/unshare');

describe('private mount namespace', { skip: canMount ? false : 'needs root and unshare' }, () => {
  test('binds a directory and a file at their targets, cds into workingDir, leaves the host untouched', () => {
    const root = mkdtempSync(join(tmpdir(), 'netpart-mnt-'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'token'), 'tok');
    writeFileSync(join(root, 'msg'), '');
    const target = join(root, 'var', "it's here");
    const argv = mountNamespaceArgv(
      ['/bin/sh', '-c', 'cat token && pwd && echo done > /tmp-term'.replace('/tmp-term', join(root, 'term'))],
      [
        { source: join(root, 'src'), target, readOnly: true },
        { source: join(root, 'msg'), target: join(root, 'term'), readOnly: false },
      ],
      target,
    );
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
    const argv = mountNamespaceArgv(
      ['/bin/sh', '-c', `touch ${shellQuote(join(root, 'ro', 'x'))} 2>/dev/null && echo wrote || echo refused`],
      [{ source: join(root, 'src'), target: join(root, 'ro'), readOnly: true }],
      undefined,
    );
    assert.equal(execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8' }), 'refused\n');
  });

  test('runs as the given user and groups, with no_new_privs; a read-only root refuses writes but volumes stay writable', () => {
    const root = mkdtempSync(join(tmpdir(), 'netpart-mnt-'));
    chmodSync(root, 0o755); // mkdtemp makes it 0700: the container's user must be able to reach its mount point
    mkdirSync(join(root, 'scratch'));
    chmodSync(join(root, 'scratch'), 0o777);
    const inside = join(root, 'tmp');
    const script = [
      'id -u; id -g; id -G',
      'grep NoNewPrivs /proc/self/status | tr -d "\t "',
      `touch ${shellQuote(join(root, 'rootfs-file'))} 2>/dev/null && echo root-writable || echo root-readonly`,
      `touch ${shellQuote(join(inside, 'x'))} && echo volume-writable`,
    ].join('; ');
    const identity = { uid: 65532, gid: 65533, groups: [2000], noNewPrivs: true, readOnlyRootFilesystem: true };
    const argv = mountNamespaceArgv(['/bin/sh', '-c', script], [{ source: join(root, 'scratch'), target: inside, readOnly: false }], undefined, identity);
    const lines = execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(lines, ['65532', '65533', '65533 2000', 'NoNewPrivs:1', 'root-readonly', 'volume-writable']);
    assert.equal(existsSync(join(root, 'scratch', 'x')), true, 'the write landed in the volume');
    // The host's root filesystem is still writable: only the container's view was remounted.
    writeFileSync(join(root, 'after'), 'ok');
  });

  test('a source under a path that another volume mounts over still binds (cache under /tmp + emptyDir at /tmp)', () => {
    const root = mkdtempSync(join(tmpdir(), 'netpart-mnt-'));
    mkdirSync(join(root, 'empty'));
    mkdirSync(join(root, 'secret'));
    writeFileSync(join(root, 'secret', 'token'), 'tok');
    // The first mount hides `root` itself (like an emptyDir at /tmp hides a cache under /tmp); the second source is in it.
    const argv = mountNamespaceArgv(
      ['cat', join(root, 'run', 'token')],
      [
        { source: join(root, 'empty'), target: root, readOnly: false },
        { source: join(root, 'secret'), target: join(root, 'run'), readOnly: true },
      ],
      undefined,
    );
    assert.equal(execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8' }), 'tok');
  });

  test('the staging directory is never under (or over) a mount target', () => {
    assert.equal(stageDirFor([{ source: '/a', target: '/tmp', readOnly: false }]), '/run/netpart-stage');
    assert.equal(stageDirFor([{ source: '/a', target: '/run', readOnly: false }]), '/netpart-stage');
    assert.equal(stageDirFor([{ source: '/a', target: '/run/netpart-stage/x', readOnly: false }]), '/netpart-stage');
  });
});
