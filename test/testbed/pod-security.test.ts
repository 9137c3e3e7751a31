// Done-when test of issue 2: PodSecurity admission is live on the testbed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { kubeErrorMessage, statusCode } from '../../runner/kube/client.ts';
import { clusterSuite } from '../support/cluster.ts';

const c = clusterSuite();

const restrictedPod: V1Pod = {
  metadata: { name: 'restricted' },
  spec: {
    securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'c',
        image: 'pause',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    ],
  },
};

describe('PodSecurity admission', { skip: c.skip }, () => {
  test('a restricted namespace rejects a privileged pod and admits a restricted one', async () => {
    const { kube, newNamespace } = c.get();
    const ns = await newNamespace('psa', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    const privileged: V1Pod = {
      metadata: { name: 'privileged' },
      spec: { containers: [{ name: 'c', image: 'pause', securityContext: { privileged: true } }] },
    };
    const error = await kube.core.createNamespacedPod({ namespace: ns, body: privileged }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.equal(statusCode(error), 403);
    assert.match(kubeErrorMessage(error), /violates PodSecurity "restricted:latest".*privileged/);
    const created = await kube.core.createNamespacedPod({ namespace: ns, body: restrictedPod });
    assert.equal(created.metadata?.name, 'restricted');
  });
});
