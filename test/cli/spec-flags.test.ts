import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parsePartitionSpec } from '../../runner/faults/spec.ts';
import { ValidationError } from '../../runner/util/errors.ts';
import { parseBlockedPeer, parseCount, parseDuration, parsePort, specFromFlags } from '../../runner/cli/fault/spec-flags.ts';

const rejects = (fn: () => unknown, flag: string) =>
  assert.throws(fn, (e: unknown) => e instanceof ValidationError && e.message.startsWith(flag), `error names ${flag}`);

describe('fault-inject flags', () => {
  test('durations in s/m/h/d, or plain seconds', () => {
    assert.equal(parseDuration('90'), 90);
    assert.equal(parseDuration('60s'), 60);
    assert.equal(parseDuration('5m'), 300);
    assert.equal(parseDuration('1h30m'), 5400);
    rejects(() => parseDuration('5 minutes'), '--duration');
    rejects(() => parseDuration('5m garbage'), '--duration');
    fc.assert(fc.property(fc.nat(1000), fc.nat(59), (m, s) => parseDuration(`${m}m${s}s`) === m * 60 + s));
  });

  test('blocked peers: an AND of labels with an optional @namespace', () => {
    assert.deepEqual(parseBlockedPeer('app=frontend,tier=web@dynamo'), { labels: { app: 'frontend', tier: 'web' }, namespace: 'dynamo' });
    assert.deepEqual(parseBlockedPeer('app=frontend'), { labels: { app: 'frontend' } });
    rejects(() => parseBlockedPeer('app=x@'), '--block-pods');
    rejects(() => parseBlockedPeer('frontend'), '--block-pods');
  });

  test('ports and counts', () => {
    assert.deepEqual(parsePort('4222/tcp'), { port: 4222, protocol: 'TCP' });
    assert.deepEqual(parsePort('53/UDP'), { port: 53, protocol: 'UDP' });
    assert.deepEqual(parsePort('8080'), { port: 8080, protocol: 'TCP' });
    rejects(() => parsePort('70000'), '--port');
    assert.equal(parseCount('all'), 'all');
    assert.equal(parseCount('3'), 3);
    rejects(() => parseCount('0'), '--count');
  });

  test('flags build a spec the engine accepts, with the guide defaults', () => {
    const spec = parsePartitionSpec(
      specFromFlags({ targetPrefix: 'vllm-decode', blockPods: ['app=frontend'], port: ['8000'], duration: '60s', count: '2' }, 'dynamo'),
    );
    assert.equal(spec.namespace, 'dynamo');
    assert.deepEqual(spec.target, { prefix: 'vllm-decode' });
    assert.equal(spec.blockNats, true);
    assert.equal(spec.count, 2);
    assert.equal(spec.duration, 60);
    assert.deepEqual(spec.ports, [{ port: 8000, protocol: 'TCP' }]);
    assert.equal(parsePartitionSpec(specFromFlags({ selector: 'app=w', blockNats: false, blockAllEgress: true }, 'd')).blockNats, false);
  });

  test('a target is required, only one kind of target, and -f does not mix with spec flags', () => {
    rejects(() => specFromFlags({}, 'd'), '--target-prefix/--selector');
    rejects(() => specFromFlags({ targetPrefix: 'a', selector: 'b=c' }, 'd'), '--target-prefix/--selector');
    rejects(() => specFromFlags({ file: '/nonexistent.yaml', duration: '5m' }, 'd'), '-f');
  });

  test('-f reads YAML; -n and --force override it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spec-'));
    const file = join(dir, 'spec.yaml');
    writeFileSync(file, 'namespace: from-file\ntarget:\n  prefix: worker\nduration: 30\n');
    const spec = parsePartitionSpec(specFromFlags({ file, namespace: 'override', force: true }, 'ctx'));
    assert.equal(spec.namespace, 'override');
    assert.equal(spec.force, true);
    assert.equal(spec.duration, 30);
    writeFileSync(file, '- just a list');
    rejects(() => specFromFlags({ file }, 'ctx'), '-f');
  });
});
