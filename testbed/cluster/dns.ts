// Cluster DNS for the dataplane testbed: CoreDNS as a kube-system Deployment behind the kube-dns Service, as kubeadm sets it up.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Kube } from '../../runner/kube/client.ts';
import { probeDns } from '../dataplane/net-probe.ts';
import { inNetns } from '../dataplane/exec.ts';
import { TESTBED_LAYOUT, namesOf } from '../dataplane/layout.ts';
import { createAll } from '../workloads/objects.ts';
import { COREDNS_VERSION } from '../versions.ts';
import { waitFor } from '../wait.ts';
import { CLUSTER_DNS_IP, CLUSTER_DNS_LABELS, CLUSTER_DOMAIN } from './network.ts';

// No `forward`: the testbed has no upstream resolver to offer, so names outside the cluster fail (SERVFAIL).
const COREFILE = `.:53 {
    errors
    health {
        lameduck 1s
    }
    ready
    kubernetes ${CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
        ttl 5
    }
    cache 5
    loadbalance
}
`;

const meta = (name: string) => ({ name, namespace: 'kube-system', labels: { ...CLUSTER_DNS_LABELS } });

/** The objects kubeadm's CoreDNS add-on creates, trimmed to what the testbed needs. */
export function clusterDnsObjects(): KubernetesObject[] {
  const rbac = 'rbac.authorization.k8s.io';
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('coredns') },
    {
      apiVersion: `${rbac}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'system:coredns' },
      rules: [
        { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    } as KubernetesObject,
    {
      apiVersion: `${rbac}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:coredns' },
      roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'system:coredns' },
      subjects: [{ kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' }],
    } as KubernetesObject,
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('coredns'), data: { Corefile: COREFILE } } as KubernetesObject,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('coredns'),
      spec: {
        replicas: 1,
        selector: { matchLabels: { ...CLUSTER_DNS_LABELS } },
        template: {
          metadata: { labels: { ...CLUSTER_DNS_LABELS } },
          spec: {
            serviceAccountName: 'coredns',
            dnsPolicy: 'Default',
            containers: [
              {
                name: 'coredns',
                image: `registry.k8s.io/coredns/coredns:${COREDNS_VERSION}`,
                args: ['-conf', '/etc/coredns/Corefile'],
                ports: [
                  { name: 'dns', containerPort: 53, protocol: 'UDP' },
                  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                ],
                volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
              },
            ],
            volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
          },
        },
      },
    } as KubernetesObject,
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('kube-dns'),
      spec: {
        clusterIP: CLUSTER_DNS_IP,
        selector: { ...CLUSTER_DNS_LABELS },
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        ],
      },
    } as KubernetesObject,
  ];
}

/**
 * Creates CoreDNS and kube-dns (existing objects are kept) and waits until a query sent from the node namespace
 * to the kube-dns ClusterIP answers: that proves CoreDNS, its apiserver watch and kube-proxy's DNAT all work.
 */
export async function deployClusterDns(kube: Kube, timeoutMs = 120_000): Promise<void> {
  await createAll(kube, clusterDnsObjects(), { keepExisting: true });
  const node = { wrap: (argv: readonly string[]) => inNetns(namesOf(TESTBED_LAYOUT).nodeNetns, argv) };
  await waitFor(
    `cluster DNS: kubernetes.default.svc.${CLUSTER_DOMAIN} resolving through ${CLUSTER_DNS_IP}`,
    async () => {
      const answer = await probeDns(node, CLUSTER_DNS_IP, `kubernetes.default.svc.${CLUSTER_DOMAIN}`, 1000);
      return 'addresses' in answer && answer.addresses.length > 0;
    },
    timeoutMs,
  );
}
