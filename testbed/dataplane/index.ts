// The testbed dataplane: a node namespace enforced by kube-router or Calico's Felix, one network namespace per pod.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { parse } from 'yaml';
import type { Enforcer } from '../enforcer.ts';
import { CACHE_DIR } from '../paths.ts';
import { KUBE_ROUTER_VERSION } from '../versions.ts';
import { type ApiForwarder, startApiForwarder } from './api-forwarder.ts';
import { applyCalicoResources } from './calico-resources.ts';
import { inNetns } from './exec.ts';
import { calicoBinDir, calicoVethName, startFelix, waitForFelixRules } from './felix.ts';
import { PodIpam } from './ipam.ts';
import { startKubeProxy } from './kube-proxy.ts';
import { startKubeRouter, writeRelayKubeconfig } from './kube-router.ts';
import { stopNodeProcess } from './node-process.ts';
import { type DataplaneLayout, DEFAULT_LAYOUT, namesOf, nodeIPOf, uid8Of, validateLayout } from './layout.ts';
import { createNode, createPodNetwork, deleteEverything, deletePodNetwork } from './topology.ts';

/** What createDataplane needs; the enforcer part is optional so the topology can run alone. */
export interface DataplaneOptions {
  stateDir: string;
  layout?: DataplaneLayout;
  /** Admin kubeconfig of the testbed; when set, setupNode() relays the apiserver and starts the enforcer. */
  adminKubeconfig?: string;
  nodeName?: string;
  kubeRouterBinary?: string;
  /** Which NetworkPolicy enforcer runs in the node namespace (default kube-router). */
  enforcer?: Enforcer;
  /** calico-felix and Calico's CRDs (default: testbed/go/calico/build.sh's output in the cache). */
  calicoBinDir?: string;
  /** Also run kube-proxy in the node namespace (ClusterIP Services, cluster DNS); the testbed agent turns it on. */
  serviceProxy?: boolean;
}

/** A pod's network: its namespace, IP and how to run a command inside it. */
export interface PodNetwork {
  netnsName: string;
  ip: string;
  wrap(command: readonly string[]): string[];
}

/** Where pods and the enforcer reach things once setupNode() ran. */
export interface NodeNetwork {
  nodeIP: string;
  /** The node's network namespace (kube-router's and kube-proxy's rules, the conntrack table): hostNetwork pods run here. */
  netnsName: string;
  /** Address:port in the root namespace that relays to the apiserver (undefined without adminKubeconfig). */
  apiHost?: string;
  apiPort?: number;
}

/** The dataplane's lifecycle, called by the node agent's sandbox step. */
export interface Dataplane {
  setupNode(): Promise<NodeNetwork>;
  addPod(pod: V1Pod): Promise<PodNetwork>;
  removePod(pod: V1Pod): Promise<void>;
  teardown(): Promise<void>;
}

/** Default location of the kube-router binary built by testbed/go/kube-router/build.sh. */
export function defaultKubeRouterBinary(cacheDir = CACHE_DIR): string {
  return join(cacheDir, 'bin', `kube-router-${KUBE_ROUTER_VERSION}`, 'kube-router');
}

/** Creates (but does not yet set up) a dataplane; nothing touches the host before setupNode(). */
export function createDataplane(options: DataplaneOptions): Dataplane {
  const layout = validateLayout(options.layout ?? DEFAULT_LAYOUT);
  const names = namesOf(layout);
  const ipam = new PodIpam(layout.podRange);
  let forwarder: ApiForwarder | undefined;
  let enforcer: ChildProcess | undefined;
  let proxy: ChildProcess | undefined;

  const podNetwork = (netnsName: string, ip: string): PodNetwork => ({ netnsName, ip, wrap: (command) => inNetns(netnsName, command) });

  return {
    async setupNode() {
      mkdirSync(options.stateDir, { recursive: true });
      // A crashed earlier run may have left namespaces behind; start from nothing.
      await deleteEverything(layout);
      await createNode(layout);
      const nodeIP = nodeIPOf(layout);
      const netnsName = names.nodeNetns;
      if (!options.adminKubeconfig) return { nodeIP, netnsName };
      const server = new URL(
        String((parse(readFileSync(options.adminKubeconfig, 'utf8')) as { clusters: Array<{ cluster: { server: string } }> }).clusters[0]?.cluster.server),
      );
      const apiPort = Number(server.port || 443);
      forwarder = await startApiForwarder(layout.hostLinkIP, apiPort, apiPort);
      const relayKubeconfig = join(options.stateDir, 'kube-router.kubeconfig');
      writeRelayKubeconfig(options.adminKubeconfig, relayKubeconfig, layout.hostLinkIP, apiPort);
      const nodeName = options.nodeName ?? 'testbed-node';
      if (options.enforcer === 'calico') {
        const bin = options.calicoBinDir ?? calicoBinDir();
        await applyCalicoResources(options.adminKubeconfig, join(bin, 'crds'));
        enforcer = startFelix({
          binary: join(bin, 'calico-felix'),
          netns: names.nodeNetns,
          kubeconfig: relayKubeconfig,
          nodeName,
          nodeIP,
          stateDir: options.stateDir,
        });
        await waitForFelixRules(enforcer, names.nodeNetns, join(options.stateDir, 'felix.log'));
      } else {
        enforcer = startKubeRouter({
          binary: options.kubeRouterBinary ?? defaultKubeRouterBinary(),
          netns: names.nodeNetns,
          kubeconfig: relayKubeconfig,
          nodeName,
          stateDir: options.stateDir,
        });
      }
      if (options.serviceProxy) {
        proxy = startKubeProxy({
          netns: names.nodeNetns,
          kubeconfig: relayKubeconfig,
          nodeName: options.nodeName ?? 'testbed-node',
          stateDir: options.stateDir,
        });
      }
      return { nodeIP, netnsName, apiHost: layout.hostLinkIP, apiPort };
    },

    async addPod(pod) {
      const uid8 = uid8Of(pod.metadata?.uid);
      const ip = ipam.allocate(uid8);
      // Felix polices only interfaces named as its WorkloadEndpoints are (cali + hash of namespace.name).
      const veth = options.enforcer === 'calico' ? calicoVethName(String(pod.metadata?.namespace), String(pod.metadata?.name)) : names.podVeth(uid8);
      try {
        return podNetwork(await createPodNetwork(layout, uid8, ip, veth), ip);
      } catch (error) {
        ipam.release(uid8);
        throw error;
      }
    },

    async removePod(pod) {
      const uid8 = uid8Of(pod.metadata?.uid);
      await deletePodNetwork(layout, uid8);
      ipam.release(uid8);
    },

    async teardown() {
      if (proxy) await stopNodeProcess(proxy);
      if (enforcer) await stopNodeProcess(enforcer);
      proxy = enforcer = undefined;
      await forwarder?.close();
      forwarder = undefined;
      // The enforcer's and kube-proxy's iptables rules and ipsets live in the node namespace, so deleting it removes them.
      await deleteEverything(layout);
    },
  };
}
