// Installs manifests/established for one app namespace on the testbed: reset RBAC there, drop helpers' namespace + binding.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import type { Kube } from '../../runner/kube/client.ts';
import { renderKustomize } from './demo-app.ts';
import { createAll } from './objects.ts';
import { REPO_ROOT } from '../paths.ts';

/** The helpers' namespace as manifests/established/helpers creates it. */
export const HELPER_NAMESPACE = 'netpart-system';

/**
 * Applies manifests/established/app into `namespace` and manifests/established/helpers as a user would after setting
 * the binding's subjects to that namespace (one binding per app namespace, so parallel test namespaces do not clash).
 */
export async function installEstablishedRbac(kube: Kube, namespace: string): Promise<void> {
  await createAll(kube, renderKustomize('manifests/established/app', namespace), { keepExisting: true });
  const text = execFileSync('kubectl', ['kustomize', join(REPO_ROOT, 'manifests/established/helpers')], { encoding: 'utf8' });
  const helpers = parseAllDocuments(text).map((d) => d.toJSON() as KubernetesObject & { subjects?: { namespace?: string }[] });
  const shared = helpers.filter((o) => o.kind !== 'RoleBinding');
  // Owned by the app namespace (a cluster-scoped owner is allowed), so the garbage collector removes the binding
  // from netpart-system when a test's namespace is deleted.
  const owner = await kube.core.readNamespace({ name: namespace });
  const ownerReferences = [{ apiVersion: 'v1', kind: 'Namespace', name: namespace, uid: owner.metadata?.uid ?? '' }];
  const bindings = helpers
    .filter((o) => o.kind === 'RoleBinding')
    .map((o) => ({
      ...o,
      metadata: { ...o.metadata, name: `${o.metadata?.name}-${namespace}`, ownerReferences },
      subjects: o.subjects?.map((s) => ({ ...s, namespace })),
    }));
  await createAll(kube, [...shared, ...bindings], { keepExisting: true });
}
