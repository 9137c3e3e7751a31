// Target and peer resolution: turn a spec's prefix/selector into exactly the pods it names, or refuse clearly.
import type { V1Pod } from '@kubernetes/client-node';
import { isNotFound, type Kube } from '../kube/client.ts';
import { listPodRows } from '../kube/pod-rows.ts';
import { SingleFlight } from '../util/single-flight.ts';
import { RefusedError, ERROR_CODES, NetpartError } from '../util/errors.ts';
import type { PodRef } from './types.ts';
import { blockedSelectors, type LabelSelector, type PartitionSpec } from './spec.ts';

/** Namespaces no partition may target, whatever `force` says. */
export const PROTECTED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

/** A label selector as the API's `labelSelector` query string. */
export const selectorString = (labels: LabelSelector): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

const isLive = (pod: V1Pod): boolean => pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp;

/** The pod as the engine reports it. */
export const podRef = (pod: V1Pod): PodRef => ({
  name: pod.metadata?.name ?? '',
  namespace: pod.metadata?.namespace ?? '',
  ...(pod.status?.podIP ? { ip: pod.status.podIP } : {}),
});

/** Pod names closest to `prefix` (longest shared prefix, then shortest edit), for "did you mean". */
export function closestNames(prefix: string, names: string[], limit = 5): string[] {
  const shared = (a: string): number => {
    let i = 0;
    while (i < a.length && i < prefix.length && a[i] === prefix[i]) i++;
    return i;
  };
  return [...names]
    .sort((a, b) => shared(b) - shared(a) || Math.abs(a.length - prefix.length) - Math.abs(b.length - prefix.length) || byNameOrder(a, b))
    .slice(0, limit);
}

/**
 * The order "count: N" picks pods in. Code units, not localeCompare: for Kubernetes names ([a-z0-9.-]) it is the same
 * order (property-tested), costs a third of it on large namespaces, and does not depend on the process's locale.
 */
export const byNameOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// kubectl's STATUS of a Running-phase pod with a deletionTimestamp (the printer's contract): not live.
const DELETING_STATUS = new Set(['Terminating', 'Unknown']);
const RUNNING = 'status.phase=Running';
// Up to this many chosen targets are read one GET each; more come from one full list.
const MAX_TARGET_GETS = 16;

/** A cache-served view disagreed with the pods read from etcd: resolve again from a consistent read. */
class StaleView extends NetpartError {
  override name = 'StaleView';
  constructor(message: string, options?: ErrorOptions) {
    super(ERROR_CODES.staleView, message, options);
  }
}

// Concurrent injects in one namespace (100 at once) share the cache-served lists instead of each paying for them.
const shared = new WeakMap<object, SingleFlight<unknown>>();
function sharedRead<T>(kube: Kube, key: string, load: () => Promise<T>): Promise<T> {
  let flights = shared.get(kube.config);
  if (!flights) shared.set(kube.config, (flights = new SingleFlight<unknown>()));
  return flights.run(key, load) as Promise<T>;
}

/** Live pod names: Running (field selector) and not being deleted (STATUS column), sorted; optionally by labels. */
async function liveNames(kube: Kube, namespace: string, labels: LabelSelector | undefined, resourceVersion: string | undefined): Promise<string[]> {
  const query = { fieldSelector: RUNNING, ...(labels ? { labelSelector: selectorString(labels) } : {}), resourceVersion };
  const load = () => listPodRows(kube, namespace, query);
  const rows = resourceVersion === '0' ? await sharedRead(kube, `rows ${namespace} ${query.labelSelector ?? ''}`, load) : await load();
  return rows
    .filter((r) => !DELETING_STATUS.has(r.status))
    .map((r) => r.name)
    .sort(byNameOrder);
}

/** Full objects of the chosen pods, read from etcd (GET) or one list; a pod that vanished is missing from the result. */
async function fetchPods(kube: Kube, namespace: string, names: string[], resourceVersion: string | undefined): Promise<V1Pod[]> {
  if (names.length <= MAX_TARGET_GETS) {
    const pods = await Promise.all(
      names.map((name) =>
        kube.core.readNamespacedPod({ name, namespace }).catch((error: unknown) => {
          if (isNotFound(error)) return undefined;
          throw error;
        }),
      ),
    );
    return pods.filter((p): p is V1Pod => p !== undefined);
  }
  const wanted = new Set(names);
  const list = await kube.core.listNamespacedPod({ namespace, ...(resourceVersion ? { resourceVersion } : {}) });
  return list.items.filter((p) => wanted.has(p.metadata?.name ?? '')).sort((a, b) => byNameOrder(a.metadata?.name ?? '', b.metadata?.name ?? ''));
}

/** Where one resolution reads pods from: the API server (at a resourceVersion) or the engine's watch cache. */
interface PodSource {
  /** Live pod names, sorted (byNameOrder); only those matching `labels` when given. */
  liveNames(labels?: LabelSelector): Promise<readonly string[]>;
  /** Every pod name (for the "closest pods" hint). */
  allNames(): Promise<string[]>;
  /** Full objects of the named pods; a vanished pod is missing. */
  fetch(names: string[]): Promise<V1Pod[]>;
}

const apiSource = (kube: Kube, namespace: string, resourceVersion: string | undefined): PodSource => ({
  liveNames: (labels) => liveNames(kube, namespace, labels, resourceVersion),
  allNames: async () => (await listPodRows(kube, namespace, { resourceVersion })).map((r) => r.name),
  fetch: (names) => fetchPods(kube, namespace, names, resourceVersion),
});

const matches = (pod: V1Pod, labels: LabelSelector): boolean => Object.entries(labels).every(([k, v]) => pod.metadata?.labels?.[k] === v);

// What a burst of injects derives from one watch-cache snapshot, once (the cache hands out the same array until a change).
interface PodIndex {
  byName: Map<string, V1Pod>;
  /** Live pod names, sorted by byNameOrder. */
  live: string[];
  /** The pods matching each label selector asked so far (a burst's injects all ask for the same NATS selectors). */
  matching: Map<string, V1Pod[]>;
}
const indexes = new WeakMap<readonly V1Pod[], PodIndex>();
function podIndex(pods: readonly V1Pod[]): PodIndex {
  let index = indexes.get(pods);
  if (!index) {
    const live = pods.filter(isLive).map((p) => p.metadata?.name ?? '');
    index = { byName: new Map(pods.map((p) => [p.metadata?.name ?? '', p])), live: live.sort(byNameOrder), matching: new Map() };
    indexes.set(pods, index);
  }
  return index;
}

/** The pods of a watch-cache snapshot that carry every pair of `labels`; computed once per snapshot and selector. */
export function cachedMatching(pods: readonly V1Pod[], labels: LabelSelector): readonly V1Pod[] {
  const { matching } = podIndex(pods);
  const key = selectorString(labels);
  let found = matching.get(key);
  if (!found) matching.set(key, (found = pods.filter((p) => matches(p, labels))));
  return found;
}

/** A source over the pods of a synced watch cache. */
export function cachedSource(pods: readonly V1Pod[]): PodSource {
  const { byName, live } = podIndex(pods);
  return {
    liveNames: async (labels) => {
      if (!labels) return live;
      const inSelector = new Set(cachedMatching(pods, labels));
      return live.filter((name) => inSelector.has(byName.get(name)!));
    },
    allNames: async () => [...byName.keys()],
    fetch: async (names) => names.flatMap((n) => (byName.has(n) ? [byName.get(n)!] : [])),
  };
}

/** The names of `sorted` (byNameOrder) that start with `prefix`: a contiguous run, found by binary search. */
export function namesWithPrefix(sorted: readonly string[], prefix: string): string[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (byNameOrder(sorted[mid]!, prefix) < 0) low = mid + 1;
    else high = mid;
  }
  let end = low;
  while (end < sorted.length && sorted[end]!.startsWith(prefix)) end++;
  return sorted.slice(low, end);
}

/** One resolution against one view of the cluster; throws RefusedError, or StaleView when the view was out of date. */
async function resolveOnce(source: PodSource, spec: PartitionSpec): Promise<V1Pod[]> {
  const { prefix, selector } = spec.target;
  const [live, labelled] = await Promise.all([source.liveNames(), selector ? source.liveNames(selector) : undefined]);
  const inSelector = new Set(labelled);
  const matching = prefix !== undefined ? namesWithPrefix(live, prefix) : live.filter((name) => inSelector.has(name));
  const what = prefix !== undefined ? `name prefix "${prefix}"` : `labels ${selectorString(selector ?? {})}`;
  if (matching.length === 0) {
    const names = await source.allNames();
    const hint = prefix !== undefined ? closestNames(prefix, names) : names.slice(0, 5);
    throw new RefusedError(
      `no Running pod in namespace ${spec.namespace} matches ${what}` + (hint.length ? `; closest pods: ${hint.join(', ')}` : '; the namespace has no pods'),
      'no-target',
    );
  }
  const wanted = spec.count === 'one' ? 1 : spec.count === 'all' ? matching.length : spec.count;
  if (wanted > matching.length) {
    throw new RefusedError(`count ${wanted} asked but only ${matching.length} Running pod(s) match ${what}: ${matching.join(', ')}`, 'not-enough-targets');
  }
  const chosen = matching.slice(0, wanted);
  const targets = await source.fetch(chosen);
  if (targets.length !== chosen.length || !targets.every(isLive)) throw new StaleView(`targets changed while resolving: ${chosen.join(', ')}`);
  const hostNetwork = targets.filter((p) => p.spec?.hostNetwork);
  if (hostNetwork.length > 0) {
    throw new RefusedError(
      `target pod(s) ${hostNetwork.map((p) => p.metadata?.name).join(', ')} use hostNetwork: NetworkPolicy cannot partition them`,
      'host-network',
    );
  }
  const share = targets.length / Math.max(1, live.length);
  if (share > spec.maxTargetShare && !spec.force) {
    throw new RefusedError(
      `${targets.length} of ${live.length} Running pods in ${spec.namespace} (${Math.round(share * 100)}%) would be targeted, ` +
        `above maxTargetShare ${Math.round(spec.maxTargetShare * 100)}%; narrow the target or set force`,
      'target-share',
    );
  }
  return targets;
}

/**
 * Resolves the target pods: live, sorted by name, exactly `count`; refuses unsafe or ambiguous requests.
 * Reads the engine's watch cache (`cached`, the namespace's pods) when it has one, else the apiserver's watch cache
 * (resourceVersion=0: no wait for etcd progress, which costs up to ~100 ms per consistent list), whose chosen targets
 * are then read from etcd. Any refusal, or targets that changed, is decided again on a consistent read, so a stale
 * cache can never refuse a valid request; a target replaced since the cache saw it fails the label patch's uid check.
 */
export async function resolveTargets(kube: Kube, spec: PartitionSpec, cached?: readonly V1Pod[]): Promise<{ targets: V1Pod[] }> {
  if (PROTECTED_NAMESPACES.includes(spec.namespace)) {
    throw new RefusedError(`refusing to partition pods in ${spec.namespace}: it runs the cluster itself`, 'protected-namespace');
  }
  try {
    // The engine's own watch cache when it has one (no request); else the API server's (no freshness wait).
    return { targets: await resolveOnce(cached ? cachedSource(cached) : apiSource(kube, spec.namespace, '0'), spec) };
  } catch (error) {
    if (!(error instanceof RefusedError || error instanceof StaleView)) throw error;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return { targets: await resolveOnce(apiSource(kube, spec.namespace, undefined), spec) };
    } catch (error) {
      // Pods churning under a consistent read (deleted between list and GET): try again, a few times.
      if (!(error instanceof StaleView) || attempt >= 3) throw error;
    }
  }
}

/**
 * Lists the pods each blocked selector currently matches, not being deleted (for the except list and for reporting).
 * With `resourceVersion: '0'` the lists come from the apiserver's watch cache (no freshness wait) and concurrent
 * callers share them; the engine's inject uses that, the holder's periodic resync reads consistently.
 */
export async function resolveBlockedPods(
  kube: Kube,
  spec: PartitionSpec,
  options: { resourceVersion?: string; cached?: (namespace: string) => readonly V1Pod[] | undefined } = {},
): Promise<V1Pod[]> {
  const { resourceVersion } = options;
  const lists = await Promise.all(
    blockedSelectors(spec).map(async (peer) => {
      const pods = options.cached?.(peer.namespace);
      if (pods) return cachedMatching(pods, peer.labels);
      const labelSelector = selectorString(peer.labels);
      const load = async () =>
        (await kube.core.listNamespacedPod({ namespace: peer.namespace, labelSelector, ...(resourceVersion ? { resourceVersion } : {}) })).items;
      return resourceVersion === '0' ? sharedRead(kube, `pods ${peer.namespace} ${labelSelector}`, load) : load();
    }),
  );
  const found = new Map<string, V1Pod>();
  for (const pod of lists.flat()) {
    if (pod.metadata?.deletionTimestamp) continue;
    found.set(`${pod.metadata?.namespace}/${pod.metadata?.name}`, pod);
  }
  return [...found.values()].sort((a, b) => byNameOrder(`${a.metadata?.namespace}/${a.metadata?.name}`, `${b.metadata?.namespace}/${b.metadata?.name}`));
}

/** Every IP (pod IPs, dual-stack included) of the given pods, sorted and unique. */
export function podIps(pods: V1Pod[]): string[] {
  const ips = new Set<string>();
  for (const pod of pods) {
    if (pod.status?.podIP) ips.add(pod.status.podIP);
    for (const entry of pod.status?.podIPs ?? []) if (entry.ip) ips.add(entry.ip);
  }
  return [...ips].sort();
}
