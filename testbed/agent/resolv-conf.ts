// The /etc/resolv.conf a kubelet gives a pod, from its dnsPolicy and dnsConfig (pure; the sandbox writes and mounts it).
import type { V1Pod } from '@kubernetes/client-node';

/** The cluster's DNS as the kubelet knows it (--cluster-dns, --cluster-domain). */
export interface ClusterDnsSettings {
  nameserver: string;
  domain: string;
}

// The kubelet's limits (validation also enforces them at admission): 3 nameservers, 32 search domains.
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;

/**
 * resolv.conf content for `pod`, or undefined when the pod keeps the node's own resolver (dnsPolicy Default, or
 * hostNetwork with ClusterFirst — the kubelet's rule). ClusterFirst: cluster nameserver, the namespace's search
 * path and ndots:5, then dnsConfig appended; None: dnsConfig only.
 */
export function podResolvConf(pod: V1Pod, cluster: ClusterDnsSettings): string | undefined {
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  const hostNetwork = pod.spec?.hostNetwork ?? false;
  const clusterFirst = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !hostNetwork);
  if (!clusterFirst && policy !== 'None') return undefined;
  const ns = pod.metadata?.namespace ?? 'default';
  const config = pod.spec?.dnsConfig;
  const nameservers = [...(clusterFirst ? [cluster.nameserver] : []), ...(config?.nameservers ?? [])].slice(0, MAX_NAMESERVERS);
  const searches = [...(clusterFirst ? [`${ns}.svc.${cluster.domain}`, `svc.${cluster.domain}`, cluster.domain] : []), ...(config?.searches ?? [])];
  const options = new Map<string, string | undefined>(clusterFirst ? [['ndots', '5']] : []);
  for (const o of config?.options ?? []) if (o.name) options.set(o.name, o.value);
  const lines: string[] = [];
  const uniqueSearches = [...new Set(searches)].slice(0, MAX_SEARCHES);
  if (uniqueSearches.length > 0) lines.push(`search ${uniqueSearches.join(' ')}`);
  for (const server of nameservers) lines.push(`nameserver ${server}`);
  if (options.size > 0) lines.push(`options ${[...options].map(([k, v]) => (v === undefined ? k : `${k}:${v}`)).join(' ')}`);
  return `${lines.join('\n')}\n`;
}
