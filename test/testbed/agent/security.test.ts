// securityContext → the identity the agent runs a container as, with the kubelet's runAsNonRoot refusal.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { containerIdentity, SecurityContextError } from '../../../testbed/agent/security.ts';

const pod = (securityContext: NonNullable<V1Pod['spec']>['securityContext'] = {}): V1Pod => ({
  metadata: { name: 'p' },
  spec: { containers: [], securityContext },
});
const container = (securityContext: V1Container['securityContext'] = {}): V1Container => ({ name: 'c', securityContext });
const IMAGE_USER = { uid: 65532, gid: 65532 };

describe('containerIdentity', () => {
  test('no securityContext: the image USER, or root (no uid) for images without one', () => {
    assert.deepEqual(containerIdentity(pod(), container(), IMAGE_USER), {
      uid: 65532,
      gid: 65532,
      groups: [],
      noNewPrivs: false,
      readOnlyRootFilesystem: false,
    });
    assert.deepEqual(containerIdentity(pod(), container()), { groups: [], noNewPrivs: false, readOnlyRootFilesystem: false });
  });

  test('the container overrides the pod; fsGroup and supplementalGroups become groups; the restricted flags apply', () => {
    const id = containerIdentity(
      pod({ runAsUser: 1000, runAsGroup: 1000, fsGroup: 2000, supplementalGroups: [3000] }),
      container({ runAsUser: 1001, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }),
      IMAGE_USER,
    );
    assert.deepEqual(id, { uid: 1001, gid: 1000, groups: [2000, 3000], noNewPrivs: true, readOnlyRootFilesystem: true });
  });

  test('runAsNonRoot refuses root and an unknown user, like the kubelet', () => {
    assert.throws(() => containerIdentity(pod({ runAsNonRoot: true }), container()), SecurityContextError);
    assert.throws(() => containerIdentity(pod({ runAsNonRoot: true, runAsUser: 0 }), container()), /image will run as root/);
    assert.doesNotThrow(() => containerIdentity(pod({ runAsNonRoot: true }), container(), IMAGE_USER));
  });
});
