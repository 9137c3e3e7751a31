// manifests/admission on the shared testbed: a copy per test namespace, so parallel tests neither clash on the
// cluster-scoped names nor fall under each other's policies.
import { isNotFound, type Kube } from '../../runner/kube/client.ts';
import { rawJson } from '../../runner/kube/raw.ts';
import { renderKustomize, type Manifest } from '../manifests/kustomize.ts';

const API = '/apis/admissionregistration.k8s.io/v1';
const POLICIES = `${API}/validatingadmissionpolicies`;
const BINDINGS = `${API}/validatingadmissionpolicybindings`;

/** The shipped policies and bindings, as `kubectl apply -k manifests/admission` would create them. */
export const renderAdmission = (): Manifest[] => renderKustomize('manifests/admission');

/** The policies as this test installed them: `name` is the shipped name, `installed` the cluster object's. */
export interface ScopedAdmission {
  policies: { name: string; installed: string }[];
  /** Deletes the copies (bindings first, so no request meets a binding without its policy). */
  remove: () => Promise<void>;
}

/** `system:serviceaccount:<ns>:<name>`, the username a ServiceAccount token authenticates as. */
export const saUser = (namespace: string, name: string): string => `system:serviceaccount:${namespace}:${name}`;

/**
 * Installs the shipped policies under names suffixed with `suffix`, each narrowed to `users` by one extra
 * matchCondition. The narrowing only removes requests from the policies' reach (other tests' identities); every rule
 * under test is the shipped one, unchanged.
 */
export async function installScoped(kube: Kube, suffix: string, users: string[]): Promise<ScopedAdmission> {
  const docs = renderAdmission();
  const rename = (name: string) => `${name}-${suffix}`;
  const scope = { name: 'test-scope', expression: `request.userInfo.username in ${JSON.stringify(users)}` };
  const policies = docs.filter((d) => d.kind === 'ValidatingAdmissionPolicy');
  const bindings = docs.filter((d) => d.kind === 'ValidatingAdmissionPolicyBinding');
  const created: { path: string; name: string }[] = [];
  const remove = async () => {
    for (const { path, name } of [...created].reverse()) {
      await rawJson(kube.config, { method: 'DELETE', path: `${path}/${name}` }).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    }
  };
  try {
    for (const policy of policies) {
      const body = {
        ...policy,
        metadata: { ...policy.metadata, name: rename(policy.metadata.name), labels: { ...policy.metadata.labels, 'netpart.dev/test': 'true' } },
        spec: { ...policy.spec, matchConditions: [...(policy.spec.matchConditions ?? []), scope] },
      };
      await rawJson(kube.config, { method: 'POST', path: POLICIES, body });
      created.push({ path: POLICIES, name: body.metadata.name });
    }
    for (const binding of bindings) {
      const body = {
        ...binding,
        metadata: { ...binding.metadata, name: rename(binding.metadata.name), labels: { ...binding.metadata.labels, 'netpart.dev/test': 'true' } },
        spec: { ...binding.spec, policyName: rename(binding.spec.policyName) },
      };
      await rawJson(kube.config, { method: 'POST', path: BINDINGS, body });
      created.push({ path: BINDINGS, name: body.metadata.name });
    }
  } catch (error) {
    await remove().catch(() => undefined);
    throw error;
  }
  return { policies: policies.map((p) => ({ name: p.metadata.name as string, installed: rename(p.metadata.name) })), remove };
}
