// Loading the KubeConfig (file, environment or in-cluster ServiceAccount) without the typed API clients. The runner's
// first request does not wait for it: early-config.ts reads the plain cases without client-node and falls back here.
import { KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { keepConnectionsAlive } from './keepalive.ts';

/** Where to find credentials; by default KUBECONFIG / ~/.kube/config, or the in-cluster ServiceAccount. */
export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  /** Use this KubeConfig as is (tests, the API server acting for a caller). */
  config?: KubeConfig;
  /** Reuse connections across requests (default true); false keeps client-node's one-agent-per-request (bench floor diagnostics). */
  keepAlive?: boolean;
}

/** A loaded KubeConfig and what the project reads from it. */
export interface LoadedConfig {
  readonly config: KubeConfig;
  /** Namespace of the current context (or of the in-cluster ServiceAccount); "default" when unset. */
  readonly namespace: string;
  readonly inCluster: boolean;
  /** API server URL, for messages. */
  readonly server: string;
}

const SA_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** Loads credentials from a kubeconfig file, the environment, or the in-cluster ServiceAccount. */
export function loadKubeConfig(options: ConnectOptions = {}): LoadedConfig {
  const config = options.config ?? new KubeConfig();
  let inCluster = false;
  if (!options.config) {
    if (options.kubeconfig) config.loadFromFile(options.kubeconfig);
    else if (process.env.KUBERNETES_SERVICE_HOST && !process.env.KUBECONFIG) {
      config.loadFromCluster();
      inCluster = true;
    } else config.loadFromDefault();
    if (options.context) config.setCurrentContext(options.context);
  }
  if (options.keepAlive !== false) keepConnectionsAlive(config);
  let namespace = config.getContextObject(config.getCurrentContext())?.namespace;
  if (!namespace && inCluster) {
    try {
      namespace = readFileSync(SA_NAMESPACE_FILE, 'utf8').trim();
    } catch {
      namespace = undefined;
    }
  }
  return { config, namespace: namespace || 'default', inCluster, server: config.getCurrentCluster()?.server ?? '(unknown)' };
}
