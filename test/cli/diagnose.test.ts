import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { diagnose, pendingSummary } from '../../runner/cli/incluster/diagnose.ts';

const waitingPod = (reason: string, message = ''): V1Pod => ({
  metadata: { name: 'p' },
  spec: { nodeName: 'node-1', containers: [] },
  status: {
    phase: 'Pending',
    containerStatuses: [{ name: 'runner', image: 'ghcr.io/x:1', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason, message } } }],
  },
});
const event = (reason: string, message: string): CoreV1Event => ({ metadata: {}, involvedObject: {}, reason, message });

describe('why is the runner pod stuck', () => {
  test('ImagePullBackOff is fatal and names the image and the fix', () => {
    const [d] = diagnose(waitingPod('ImagePullBackOff', 'Back-off pulling image'), [], []);
    assert.equal(d?.fatal, true);
    assert.match(d.message, /ghcr\.io\/x:1/);
    assert.match(d.fix, /--image/);
  });

  test('a first ErrImagePull is reported but not yet fatal', () => {
    assert.equal(diagnose(waitingPod('ErrImagePull'), [], [])[0]?.fatal, false);
  });

  test('FailedCreate by PodSecurity or a missing ServiceAccount is fatal with the matching fix', () => {
    const [ps] = diagnose(undefined, [], [event('FailedCreate', 'pods "x" is forbidden: violates PodSecurity "restricted:latest"')]);
    assert.equal(ps?.fatal, true);
    assert.match(ps.fix, /pod-security/);
    const [sa] = diagnose(
      undefined,
      [],
      [event('FailedCreate', 'error looking up service account dyn/netpart-runner: serviceaccount "netpart-runner" not found')],
    );
    assert.match(sa!.fix, /apply the RBAC manifests/);
  });

  test('FailedScheduling is surfaced, not fatal (capacity may come)', () => {
    const pod: V1Pod = {
      metadata: { name: 'p' },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] },
    };
    const [d] = diagnose(pod, [event('FailedScheduling', '0/1 nodes are available: 1 Insufficient cpu.')], []);
    assert.equal(d?.reason, 'Unschedulable');
    assert.equal(d?.fatal, false);
    assert.match(d.message, /Insufficient cpu/);
  });

  test('a healthy pending pod has nothing to report; progress says what it waits for', () => {
    assert.deepEqual(diagnose(waitingPod('ContainerCreating'), [], []), []);
    assert.match(pendingSummary(undefined), /Job controller/);
    assert.match(pendingSummary(waitingPod('ContainerCreating')), /ContainerCreating/);
  });
});
