// Command lines of the control-plane components; one place to read every flag the testbed sets.
import { join } from 'node:path';
import { BIN_DIR } from '../paths.ts';
import type { Pki } from './pki.ts';
import { SERVICE_CIDR } from './network.ts';

/** Ports and paths the component command lines refer to. */
export interface ComponentLayout {
  dir: string;
  pki: Pki;
  kubeconfig: string;
  ports: { etcd: number; etcdPeer: number; apiServer: number };
}

/** etcd, single member, no fsync: test data is disposable and fsync dominates startup on slow disks. */
export function etcdArgv(l: ComponentLayout): string[] {
  const client = `http://127.0.0.1:${l.ports.etcd}`;
  const peer = `http://127.0.0.1:${l.ports.etcdPeer}`;
  return [
    join(BIN_DIR, 'etcd'),
    '--name=testbed',
    `--data-dir=${join(l.dir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=testbed=${peer}`,
    '--unsafe-no-fsync',
    '--log-level=warn',
  ];
}

/** kube-apiserver with Node+RBAC authorization, ServiceAccount issuer/keys and a token-file admin. */
export function apiServerArgv(l: ComponentLayout): string[] {
  return [
    join(BIN_DIR, 'kube-apiserver'),
    `--etcd-servers=http://127.0.0.1:${l.ports.etcd}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${l.ports.apiServer}`,
    `--tls-cert-file=${l.pki.serverCert}`,
    `--tls-private-key-file=${l.pki.serverKey}`,
    `--client-ca-file=${l.pki.caCert}`,
    `--token-auth-file=${l.pki.tokenFile}`,
    '--authorization-mode=Node,RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${l.pki.saPub}`,
    `--service-account-signing-key-file=${l.pki.saKey}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    // The node agent's log endpoint uses a self-signed cert; without a kubelet CA the apiserver does not verify it.
    // Hostname first: the node publishes its loopback log endpoint there, while its InternalIP (10.244.0.1 with the
    // dataplane) lives inside the node network namespace where nothing serves logs.
    '--kubelet-preferred-address-types=Hostname,InternalIP',
    '--allow-privileged=true',
    '--profiling=false',
    '--v=1',
  ];
}

/** kube-controller-manager with exactly the controllers the product relies on (Deployments/ReplicaSets for the demo app, EndpointSlices for Services). */
export function controllerManagerArgv(l: ComponentLayout): string[] {
  return [
    join(BIN_DIR, 'kube-controller-manager'),
    `--kubeconfig=${l.kubeconfig}`,
    '--controllers=serviceaccount-token,serviceaccount,namespace,garbagecollector,job,cronjob,ttl-after-finished,podgc,root-ca-cert-publisher,deployment,replicaset,endpointslice',
    `--service-account-private-key-file=${l.pki.saKey}`,
    `--root-ca-file=${l.pki.caCert}`,
    '--use-service-account-credentials',
    '--leader-elect=false',
    '--bind-address=127.0.0.1',
    '--secure-port=0',
    '--v=1',
  ];
}
