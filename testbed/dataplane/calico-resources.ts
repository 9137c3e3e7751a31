// What Felix needs in the apiserver before it starts (Kubernetes datastore mode): Calico's CRDs, the ClusterInformation
// that says the datastore is ready, and a FelixConfiguration.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiextensionsV1Api, KubeConfig, KubernetesObjectApi, loadYaml, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { CALICO_VERSION } from '../versions.ts';

/** Raised when the CRDs are missing or do not become Established in time. */
export class CalicoResourcesError extends Error {
  override name = 'CalicoResourcesError';
}

const FIELD_MANAGER = 'netpart-testbed';

/**
 * ClusterInformation "default" with datastoreReady: Felix refuses to start until it reads this flag (calico-node's
 * startup writes it on a real cluster; nothing else here would).
 */
export function clusterInformation(): KubernetesObject & { spec: Record<string, unknown> } {
  return {
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'ClusterInformation',
    metadata: { name: 'default' },
    spec: { datastoreReady: true, calicoVersion: CALICO_VERSION, clusterType: 'k8s,netpart-testbed' },
  };
}

/**
 * FelixConfiguration "default": the cluster-wide settings as a user would see them with kubectl. The ones Felix must
 * have from its first second (datastore, no usage reporting, BPF off) are also in its environment (felixEnv).
 */
export function felixConfiguration(): KubernetesObject & { spec: Record<string, unknown> } {
  return {
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'FelixConfiguration',
    metadata: { name: 'default' },
    spec: { bpfEnabled: false, ipv6Support: false, usageReportingEnabled: false, defaultEndpointToHostAction: 'Accept', logSeverityScreen: 'Info' },
  };
}

/**
 * Marks `anyOf: [integer, string]` schema nodes that lack a type as `x-kubernetes-int-or-string: true`, in place.
 * v3.28's felixconfigurations CRD has two such fields (bpfPSNATPorts, natPortRange) that the testbed's newer apiserver
 * rejects as non-structural; later Calico releases ship exactly this marker on them. Nothing else changes.
 */
export function markIntOrString(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(markIntOrString);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  const anyOf = schema.anyOf as Array<{ type?: string }> | undefined;
  if (!schema.type && Array.isArray(anyOf) && anyOf.length === 2 && anyOf.some((a) => a.type === 'integer') && anyOf.some((a) => a.type === 'string')) {
    schema['x-kubernetes-int-or-string'] = true;
  }
  Object.values(schema).forEach(markIntOrString);
}

/** Server-side applies every CRD in `crdDir`, waits until each is Established, then applies the two resources above. */
export async function applyCalicoResources(adminKubeconfig: string, crdDir: string, timeoutMs = 60_000): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(adminKubeconfig);
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  let files: string[];
  try {
    files = readdirSync(crdDir).filter((f) => f.endsWith('.yaml'));
  } catch (error) {
    throw new CalicoResourcesError(`Calico CRDs not found in ${crdDir}; build it with: npm run testbed -- build --enforcer calico`, { cause: error });
  }
  if (files.length === 0) throw new CalicoResourcesError(`no Calico CRDs in ${crdDir}; build it with: npm run testbed -- build --enforcer calico`);
  const names: string[] = [];
  for (const file of files) {
    const raw = parse(readFileSync(join(crdDir, file), 'utf8')) as KubernetesObject;
    markIntOrString(raw);
    // Typed, so that the client serializes `x-kubernetes-*` keys (from a plain object it would drop them).
    const crd = loadYaml<KubernetesObject>(stringify(raw));
    // Server-side: the felixconfigurations CRD is too large for client-side apply's last-applied annotation.
    await objects.patch(crd, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
    names.push(String(raw.metadata?.name));
  }
  const deadline = Date.now() + timeoutMs;
  for (const name of names) {
    for (;;) {
      const crd = await ext.readCustomResourceDefinition({ name });
      if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new CalicoResourcesError(`CRD ${name} not Established after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  for (const resource of [clusterInformation(), felixConfiguration()]) {
    await objects.patch(resource, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  }
}
