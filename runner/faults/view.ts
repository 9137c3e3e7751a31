// The engine's watch-backed view of the namespaces it injects into: pods and NetworkPolicies per namespace, started on
// first use and read without a round trip once synced. Only long-lived processes (the API service, the runner) turn
// it on; a one-shot CLI call would pay a list and a watch for a single read.
import { EVENTS } from '../contract/events.ts';
import type { V1NetworkPolicy, V1Pod } from '@kubernetes/client-node';
import type { Kube } from '../kube/client.ts';
import { WatchCache } from '../kube/watch-cache.ts';
import type { Logger } from '../log/logger.ts';
import { LABEL_FAULT_ID, POLICY_SELECTOR } from './labels.ts';

// What resolution, preflight, the except list and the helpers read of a pod; the rest is dropped to keep 10 000 pods small.
function trimPod(pod: V1Pod): V1Pod {
  const { metadata = {}, spec, status } = pod;
  return {
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      uid: metadata.uid,
      labels: metadata.labels,
      resourceVersion: metadata.resourceVersion,
      ...(metadata.deletionTimestamp ? { deletionTimestamp: metadata.deletionTimestamp } : {}),
    },
    spec: {
      nodeName: spec?.nodeName,
      hostNetwork: spec?.hostNetwork,
      containers: (spec?.containers ?? []).map((c) => ({ name: c.name, ports: c.ports })),
    },
    status: { phase: status?.phase, podIP: status?.podIP, podIPs: status?.podIPs },
  };
}

/** Per-namespace caches of pods and NetworkPolicies; every read is undefined until that cache is synced. */
export class ClusterView {
  private readonly pods = new Map<string, WatchCache<V1Pod>>();
  private readonly policies = new Map<string, WatchCache<V1NetworkPolicy>>();

  constructor(
    private readonly kube: Kube,
    private readonly log?: Logger,
  ) {}

  // `namespace` '' = cluster-wide (then with a label selector).
  private cache<T extends V1Pod | V1NetworkPolicy>(
    map: Map<string, WatchCache<T>>,
    namespace: string,
    path: string,
    trim: (o: T) => T,
    labelSelector?: string,
  ): WatchCache<T> {
    let cache = map.get(namespace);
    if (!cache) {
      const onLost = (error: unknown) =>
        this.log?.warn(
          { path, err: error, note: 'reading from the API server per request until the watch is back (needs list and watch)' },
          EVENTS.viewWatchLost,
        );
      cache = new WatchCache<T>(this.kube.config, { path, trim, onLost, ...(labelSelector ? { labelSelector } : {}) });
      map.set(namespace, cache);
      cache.start();
    }
    return cache;
  }

  /** The namespace's pods, or undefined until its cache is synced (the first call starts it). */
  podsIn(namespace: string): readonly V1Pod[] | undefined {
    return this.cache(this.pods, namespace, `/api/v1/namespaces/${namespace}/pods`, trimPod).list();
  }

  /** The namespace's NetworkPolicies, or undefined until its cache is synced (the first call starts it). */
  policiesIn(namespace: string): readonly V1NetworkPolicy[] | undefined {
    return this.cache(this.policies, namespace, `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies`, (p) => p).list();
  }

  /**
   * The namespace of a fault's policy, from the policy caches: those of the namespaces injected into, and of `scope`
   * (the namespaces the engine serves; undefined = the whole cluster, one cache of our policies only). Undefined when
   * not found or not synced: the caller then reads the API server.
   */
  namespaceOf(faultId: string, scope: string[] | undefined): string | undefined {
    if (scope) for (const namespace of scope) this.policiesIn(namespace);
    else this.cache(this.policies, '', `/apis/networking.k8s.io/v1/networkpolicies`, (p) => p, POLICY_SELECTOR);
    for (const cache of this.policies.values()) {
      const found = cache.list()?.find((p) => p.metadata?.labels?.[LABEL_FAULT_ID] === faultId);
      if (found) return found.metadata?.namespace;
    }
    return undefined;
  }

  /** Starts the caches of a namespace and waits up to `timeoutMs` for both to sync; true when they did. */
  async warm(namespace: string, timeoutMs: number): Promise<boolean> {
    this.podsIn(namespace);
    this.policiesIn(namespace);
    const [pods, policies] = await Promise.all([this.pods.get(namespace)!.ready(timeoutMs), this.policies.get(namespace)!.ready(timeoutMs)]);
    return pods && policies;
  }

  /** Ends every watch. */
  stop(): void {
    for (const cache of [...this.pods.values(), ...this.policies.values()]) cache.stop();
    this.pods.clear();
    this.policies.clear();
  }
}
