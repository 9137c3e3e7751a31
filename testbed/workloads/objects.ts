// Creating manifest objects on the testbed (the demo app, cluster DNS) through client-node's generic object API.
import { KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { statusCode, type Kube } from '../../runner/kube/client.ts';

/** Creates manifest objects in order through the generic object API; `keepExisting` skips ones that already exist (409). */
export async function createAll(kube: Kube, objects: KubernetesObject[], options: { keepExisting?: boolean } = {}): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kube.config);
  for (const object of objects) {
    await api.create(object).catch((error: unknown) => {
      if (!options.keepExisting || statusCode(error) !== 409) throw error;
    });
  }
}
