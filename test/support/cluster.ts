// The cluster-test harness: one testbed connection per test file, a fresh namespace per test, SA-scoped clients.
import { KubeConfig, RbacAuthorizationV1Api, type V1PolicyRule } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after } from 'node:test';
import { connectKube, isNotFound, type Kube } from '../../runner/kube/client.ts';
import { STATE_FILE } from '../../testbed/index.ts';
import { waitFor } from './wait.ts';

export { waitFor } from './wait.ts';

/** A running cluster as the tests see it. */
export interface TestCluster {
  kubeconfigPath: string;
  /** Admin client. */
  kube: Kube;
  apiServer: string;
  /** Creates namespace `${prefix}-${random}`, waits for its default ServiceAccount, deletes it after the file's tests. */
  newNamespace: (prefix: string, labels?: Record<string, string>) => Promise<string>;
  /** Where the node agent keeps per-pod logs (testbed only). */
  agentLogsDir?: string;
}

/** Raised at first use of the cluster under CI=true when no testbed is available: a failure, never a skip. */
export class NoTestClusterError extends Error {
  override name = 'NoTestClusterError';
}

const created = new Set<string>();
let cached: TestCluster | undefined;
let cleanupRegistered = false;

function agentLogsDir(kubeconfigPath: string): string | undefined {
  try {
    const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { kubeconfig?: string; agentLogsDir?: string };
    return state.kubeconfig === kubeconfigPath ? state.agentLogsDir : undefined;
  } catch {
    return undefined;
  }
}

function connect(kubeconfigPath: string): TestCluster {
  const kube = connectKube({ kubeconfig: kubeconfigPath });
  return {
    kubeconfigPath,
    kube,
    apiServer: kube.server,
    agentLogsDir: agentLogsDir(kubeconfigPath),
    async newNamespace(prefix, labels = {}) {
      const name = `${prefix
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '-')
        .slice(0, 50)}-${randomBytes(3).toString('hex')}`;
      await kube.core.createNamespace({ body: { metadata: { name, labels: { 'netpart.dev/test': 'true', ...labels } } } });
      created.add(name);
      await waitFor(`ServiceAccount default in namespace ${name}`, async () => {
        try {
          return await kube.core.readNamespacedServiceAccount({ name: 'default', namespace: name });
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      });
      return name;
    },
  };
}

async function deleteCreatedNamespaces(): Promise<void> {
  if (!cached) return;
  const kube = cached.kube;
  await Promise.all(
    [...created].map((name) =>
      kube.core.deleteNamespace({ name }).catch((error: unknown) => {
        if (!isNotFound(error)) console.error(`cleanup: could not delete namespace ${name}: ${(error as Error).message}`);
      }),
    ),
  );
  created.clear();
}

/** Call at the top level of a cluster test file; pass `skip` to describe() and use get() inside tests. */
export function clusterSuite(): { skip: string | false; get(): TestCluster } {
  const kubeconfigPath = process.env.NETPART_TEST_KUBECONFIG;
  const ci = process.env.CI === 'true';
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    after(deleteCreatedNamespaces); // top-level hook: runs once after every test of the file
  }
  // `npm run test:unit` asks for no cluster: a skip even under CI=true, where a missing cluster is otherwise a failure.
  const unitOnly = process.env.NETPART_TEST_UNIT_ONLY === '1';
  const skip = unitOnly
    ? 'unit run (npm run test:unit): cluster tests skipped'
    : kubeconfigPath || ci
      ? false
      : '!!! NO TEST CLUSTER: NETPART_TEST_KUBECONFIG is not set (run `npm test`, or `npm run testbed -- up` and export NETPART_TEST_KUBECONFIG) — cluster tests SKIPPED';
  return {
    skip,
    get() {
      if (!kubeconfigPath)
        throw new NoTestClusterError('CI=true but no test cluster: NETPART_TEST_KUBECONFIG is not set (the testbed failed to start; see the banner above)');
      cached ??= connect(kubeconfigPath);
      return cached;
    },
  };
}

/** A client authenticated as `namespace/serviceAccount` with a short-lived TokenRequest token. */
export async function serviceAccountKube(cluster: TestCluster, namespace: string, serviceAccount: string): Promise<Kube> {
  const res = await cluster.kube.core.createNamespacedServiceAccountToken({
    name: serviceAccount,
    namespace,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const token = res.status?.token;
  if (!token) throw new Error(`TokenRequest for ${namespace}/${serviceAccount} returned no token`);
  const admin = cluster.kube.config.getCurrentCluster();
  if (!admin) throw new Error('admin kubeconfig has no current cluster');
  const config = new KubeConfig();
  const user = `${namespace}-${serviceAccount}`;
  config.loadFromOptions({
    clusters: [{ ...admin }],
    users: [{ name: user, token }],
    contexts: [{ name: user, cluster: admin.name, user, namespace }],
    currentContext: user,
  });
  return connectKube({ config });
}

/**
 * A new ServiceAccount `name` in `namespace` with exactly `rules` (a Role and its RoleBinding of the same name), as a
 * client authenticated as it, once the Role applies (it may list pods: every caller here has that right).
 */
export async function serviceAccountWithRules(cluster: TestCluster, namespace: string, name: string, rules: V1PolicyRule[]): Promise<Kube> {
  const rbac = cluster.kube.config.makeApiClient(RbacAuthorizationV1Api);
  await cluster.kube.core.createNamespacedServiceAccount({ namespace, body: { metadata: { name } } });
  await rbac.createNamespacedRole({ namespace, body: { metadata: { name }, rules } });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  });
  const kube = await serviceAccountKube(cluster, namespace, name);
  await waitFor('the Role to apply', async () => (await kube.core.listNamespacedPod({ namespace })).items.length > 0);
  return kube;
}
