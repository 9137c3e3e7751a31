// The enforcer bench finds a pod's network namespace from its IP: the testbed instance whose pod range holds it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { benchPodOf, NotATestbedPodError } from '../../../bench/enforcer/pods.ts';

const pod = (ip: string): V1Pod => ({ metadata: { name: 'target-0', uid: '1a2b3c4d-0000-4000-8000-000000000000' }, status: { podIP: ip } });

describe('benchPodOf', () => {
  test('the default testbed (10.244/16) and instance 1 (10.246/16) map to their own namespaces', () => {
    assert.equal(benchPodOf(pod('10.244.0.7')).netnsName, 'netpart-1a2b3c4d');
    assert.equal(benchPodOf(pod('10.246.0.4')).netnsName, 'netpart1-1a2b3c4d');
    assert.deepEqual(benchPodOf(pod('10.246.0.4')).wrap(['node']), ['ip', 'netns', 'exec', 'netpart1-1a2b3c4d', 'node']);
  });

  test('an IP outside every testbed range is refused, saying the bench needs a netns testbed on this host', () => {
    for (const ip of ['10.96.0.1', '192.168.1.5', '']) {
      assert.throws(
        () => benchPodOf(pod(ip)),
        (e: Error) => e instanceof NotATestbedPodError && /netns testbed on this host/.test(e.message),
      );
    }
  });
});
