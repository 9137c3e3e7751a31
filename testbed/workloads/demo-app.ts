// Deploys the miniature inference app and the runner's RBAC into a testbed namespace, the way a user would with kustomize.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { KubernetesObject, V1Deployment, V1Pod } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import type { Kube } from '../../runner/kube/client.ts';
import { createAll } from './objects.ts';
import { installEstablishedRbac } from './established-rbac.ts';
import { waitFor } from '../wait.ts';
import { REPO_ROOT } from '../paths.ts';

/** Renders a kustomize directory with the machine's kubectl and sets every object's namespace. */
export function renderKustomize(dir: string, namespace: string): KubernetesObject[] {
  const text = execFileSync('kubectl', ['kustomize', join(REPO_ROOT, dir)], { encoding: 'utf8' });
  return parseAllDocuments(text)
    .map((d) => d.toJSON() as KubernetesObject)
    .filter((o) => o && o.kind !== 'Namespace')
    .map((o) => {
      // The binding's ServiceAccount lives where the binding lives: move the subject along with the object.
      const subjects = (o as { subjects?: { kind: string; namespace?: string }[] }).subjects;
      subjects?.forEach((s) => s.kind === 'ServiceAccount' && (s.namespace = namespace));
      return { ...o, metadata: { ...o.metadata, namespace } };
    });
}

/** Waits until `count` pods whose names start with `prefix` are Running with an IP. */
export async function waitForPods(kube: Kube, namespace: string, prefix: string, count: number, timeoutMs = 60_000): Promise<V1Pod[]> {
  return waitFor(
    `${count} Running pod(s) "${prefix}*" in ${namespace}`,
    async () => {
      const pods = (await kube.core.listNamespacedPod({ namespace })).items.filter(
        (p) => p.metadata?.name?.startsWith(prefix) && p.status?.phase === 'Running' && p.status.podIP && !p.metadata.deletionTimestamp,
      );
      return pods.length >= count && pods.sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    },
    timeoutMs,
  );
}

/** What the scenarios need to know about the deployed app. */
export interface DemoApp {
  namespace: string;
  /** The frontend pod's address: reachable from the host (the root namespace routes the pod range, not Services). */
  frontendUrl: string;
  /** The frontend Service by name, as pods use it (cluster DNS + kube-proxy); what run-incluster's Job is given. */
  frontendServiceUrl: string;
  /** What the app's pods use, unchanged from the manifests: the NATS Service by short name. */
  natsUrl: string;
}

/**
 * Deploys the manifests as they are (pods find NATS as `nats://nats:4222` through cluster DNS) plus the runner's RBAC.
 * `reconnectEveryMs` sets the app's opt-in NATS_RECONNECT_EVERY_MS; by default it is left off, because the partition
 * engine cuts already-open connections itself.
 */
export async function deployDemoApp(kube: Kube, namespace: string, options: { replicas?: number; reconnectEveryMs?: number } = {}): Promise<DemoApp> {
  const app = renderKustomize('manifests/demo-app', namespace)
    .filter((o) => !(o.kind === 'Deployment' && o.metadata?.name === 'vllm-prefill-worker'))
    .map((o) => {
      if (o.kind !== 'Deployment') return o;
      const deployment = o as V1Deployment;
      if (deployment.metadata?.name === 'vllm-decode-worker' && options.replicas) deployment.spec!.replicas = options.replicas;
      if (options.reconnectEveryMs === undefined) return deployment;
      for (const c of deployment.spec?.template.spec?.containers ?? []) {
        if (c.env?.some((e) => e.name === 'NATS_URL')) c.env.push({ name: 'NATS_RECONNECT_EVERY_MS', value: String(options.reconnectEveryMs) });
      }
      return deployment;
    });
  await createAll(kube, app);
  await createAll(
    kube,
    renderKustomize('manifests/base', namespace).filter((o) => o.kind !== 'CronJob'),
  );
  // The opt-in rights for established=drop/reset, so scenarios run with their default ESTABLISHED=auto.
  await installEstablishedRbac(kube, namespace);
  await waitForPods(kube, namespace, 'nats-', 1);
  const [frontend] = await waitForPods(kube, namespace, 'vllm-frontend-', 1);
  await waitForPods(kube, namespace, 'vllm-decode-worker-', options.replicas ?? 2);
  return {
    namespace,
    frontendUrl: `http://${frontend?.status?.podIP}:8000`,
    frontendServiceUrl: `http://vllm-frontend.${namespace}.svc:8000`,
    natsUrl: 'nats://nats:4222',
  };
}

/** The node argv that runs `run-incluster <scenario>` from source against the demo app with the testbed's runner image. */
export function runInclusterArgv(
  app: DemoApp,
  kubeconfig: string,
  scenario: string,
  options: { timeoutSeconds: number; json?: boolean; env?: Record<string, string> },
): string[] {
  return [
    '--import',
    'tsx',
    join(REPO_ROOT, 'runner/cli/run-incluster.ts'),
    scenario,
    '-n',
    app.namespace,
    ...(options.json ? ['-o', 'json'] : []),
    '--image',
    'netpart/runner:dev',
    '--frontend-url',
    app.frontendServiceUrl,
    '--timeout',
    String(options.timeoutSeconds),
    '--kubeconfig',
    kubeconfig,
    ...Object.entries(options.env ?? {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
  ];
}

/** Polls the frontend's /health until it reports at least `workers` live workers. */
export async function waitForHealthyFrontend(frontendUrl: string, workers: number, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `frontend ${frontendUrl} healthy with ${workers} workers`,
    async () => {
      const res = await fetch(`${frontendUrl}/health`, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as { workers?: number };
      // Thrown so that the timeout error quotes the last answer.
      if (!res.ok || (body.workers ?? 0) < workers) throw new Error(`${res.status} ${JSON.stringify(body)}`);
      return true;
    },
    timeoutMs,
  );
}
