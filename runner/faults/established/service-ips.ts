// The Service addresses of the blocked pods: a pod that reached a peer through a Service holds a socket to the
// ClusterIP (the node rewrites it to the pod IP), so `reset` must destroy sockets to those addresses too.
import { statusCode, type Kube } from '../../kube/client.ts';
import { rawJson } from '../../kube/raw.ts';

interface SliceList {
  items: { metadata?: { labels?: Record<string, string> }; endpoints?: { addresses?: string[] }[] }[];
}
interface ServiceList {
  items: {
    metadata?: { name?: string };
    spec?: { clusterIPs?: string[]; clusterIP?: string; ports?: { port?: number; targetPort?: number | string; protocol?: string }[] };
  }[];
}

/** ClusterIPs (and their ports mapped to each target port) of the Services whose endpoints include a blocked pod. */
export interface BlockedServices {
  ips: string[];
  /** `PROTO/servicePort` for each `PROTO/targetPort` of those Services, so a ports filter also matches the Service port. */
  portAliases: Map<string, string[]>;
  /** Namespaces whose Services could not be read (RBAC): sockets through their Services are not found. */
  unreadable: string[];
}

/** Reads the EndpointSlices and Services of the blocked pods' namespaces; a namespace we may not read is reported, not fatal. */
export async function blockedServices(kube: Kube, blocked: { namespace: string; ip?: string }[]): Promise<BlockedServices> {
  const result: BlockedServices = { ips: [], portAliases: new Map(), unreadable: [] };
  const byNamespace = new Map<string, Set<string>>();
  for (const pod of blocked) if (pod.ip) byNamespace.set(pod.namespace, (byNamespace.get(pod.namespace) ?? new Set()).add(pod.ip));
  await Promise.all(
    [...byNamespace].map(async ([namespace, ips]) => {
      const ns = encodeURIComponent(namespace);
      let slices: SliceList;
      let services: ServiceList;
      try {
        [slices, services] = await Promise.all([
          rawJson<SliceList>(kube.config, { path: `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices` }),
          rawJson<ServiceList>(kube.config, { path: `/api/v1/namespaces/${ns}/services` }),
        ]);
      } catch (error) {
        if (statusCode(error) === 403) return void result.unreadable.push(namespace);
        throw error;
      }
      const names = new Set(
        slices.items
          .filter((slice) => slice.endpoints?.some((e) => e.addresses?.some((a) => ips.has(a))))
          .map((slice) => slice.metadata?.labels?.['kubernetes.io/service-name'] ?? ''),
      );
      for (const service of services.items.filter((s) => names.has(s.metadata?.name ?? ''))) {
        const clusterIps = service.spec?.clusterIPs ?? (service.spec?.clusterIP ? [service.spec.clusterIP] : []);
        result.ips.push(...clusterIps.filter((ip) => ip && ip !== 'None'));
        for (const port of service.spec?.ports ?? []) {
          const protocol = port.protocol ?? 'TCP';
          const target = `${protocol}/${typeof port.targetPort === 'number' ? port.targetPort : port.port}`;
          result.portAliases.set(target, [...(result.portAliases.get(target) ?? []), `${protocol}/${port.port}`]);
        }
      }
    }),
  );
  result.ips = [...new Set(result.ips)].sort();
  return result;
}
