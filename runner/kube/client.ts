// The one way this project talks to Kubernetes: a small bundle of typed API clients built from one KubeConfig.
import {
  ApiException,
  AuthenticationV1Api,
  AuthorizationV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  Log,
  NetworkingV1Api,
  PatchStrategy,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { keepConnectionsAlive } from './keepalive.ts';

/** Typed API clients sharing one KubeConfig, plus the namespace the config points at. */
export interface Kube {
  readonly config: KubeConfig;
  readonly core: CoreV1Api;
  readonly net: NetworkingV1Api;
  readonly batch: BatchV1Api;
  readonly authn: AuthenticationV1Api;
  readonly authz: AuthorizationV1Api;
  readonly logs: Log;
  readonly watch: Watch;
  /** Namespace of the current context (or of the in-cluster ServiceAccount); "default" when unset. */
  readonly namespace: string;
  readonly inCluster: boolean;
  /** API server URL, for messages. */
  readonly server: string;
}

/** Where to find credentials; by default KUBECONFIG / ~/.kube/config, or the in-cluster ServiceAccount. */
export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  /** Use this KubeConfig as is (tests, the API server acting for a caller). */
  config?: KubeConfig;
  /** Reuse connections across requests (default true); false keeps client-node's one-agent-per-request (bench floor diagnostics). */
  keepAlive?: boolean;
}

const SA_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** Builds the API clients from a kubeconfig file, the environment, or the in-cluster ServiceAccount. */
export function connectKube(options: ConnectOptions = {}): Kube {
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
  return {
    config,
    core: config.makeApiClient(CoreV1Api),
    net: config.makeApiClient(NetworkingV1Api),
    batch: config.makeApiClient(BatchV1Api),
    authn: config.makeApiClient(AuthenticationV1Api),
    authz: config.makeApiClient(AuthorizationV1Api),
    logs: new Log(config),
    watch: new Watch(config),
    namespace: namespace || 'default',
    inCluster,
    server: config.getCurrentCluster()?.server ?? '(unknown)',
  };
}

/** Request options that send a JSON merge patch (the client's default is JSON patch). */
export const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** HTTP status of a failed API call, or undefined when the error did not come from the API server. */
export function statusCode(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

/** True for a 404 from the API server. */
export const isNotFound = (error: unknown): boolean => statusCode(error) === 404;
/** True for a 409 (already exists / conflict) from the API server. */
export const isConflict = (error: unknown): boolean => statusCode(error) === 409;

/** The human message inside a Kubernetes Status body, else the error's own message. */
export function kubeErrorMessage(error: unknown): string {
  if (error instanceof ApiException) {
    const body: unknown = error.body;
    try {
      const status = typeof body === 'string' ? JSON.parse(body) : body;
      if (status && typeof status.message === 'string') return `${status.message} (HTTP ${error.code})`;
    } catch {
      // not JSON: fall through to the raw body
    }
    return `HTTP ${error.code}: ${String(body).slice(0, 300)}`;
  }
  return error instanceof Error ? error.message : String(error);
}
