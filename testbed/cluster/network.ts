// The testbed cluster's Service network and DNS settings, shared by the apiserver flags, the agent and cluster DNS.

/** The apiserver's --service-cluster-ip-range; kube-proxy in the node namespace routes it. */
export const SERVICE_CIDR = '10.96.0.0/16';

/** ClusterIP of the kube-dns Service; the agent writes it into every ClusterFirst pod's /etc/resolv.conf. */
export const CLUSTER_DNS_IP = '10.96.0.10';

/** The cluster domain of Service names (`<svc>.<ns>.svc.cluster.local`). */
export const CLUSTER_DOMAIN = 'cluster.local';

/** The CoreDNS pods' labels, the ones kubeadm uses (and that `explain` assumes by default). */
export const CLUSTER_DNS_LABELS = { 'k8s-app': 'kube-dns' } as const;
