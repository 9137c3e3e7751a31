// The one way this project talks to Kubernetes: a small bundle of typed API clients built from one KubeConfig.
// Loading the config (config.ts), raw requests (raw.ts) and error helpers (errors.ts) live beside it.
import {
  AuthenticationV1Api,
  AuthorizationV1Api,
  BatchV1Api,
  CoreV1Api,
  EventsV1Api,
  KubeConfig,
  Log,
  NetworkingV1Api,
  PatchStrategy,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { loadKubeConfig, type ConnectOptions } from './config.ts';

export type { ConnectOptions, LoadedConfig } from './config.ts';
export { adoptApiException, isConflict, isNotFound, kubeErrorMessage, statusCode } from './errors.ts';

/** Typed API clients sharing one KubeConfig, plus the namespace the config points at. */
export interface Kube {
  readonly config: KubeConfig;
  readonly core: CoreV1Api;
  readonly net: NetworkingV1Api;
  readonly batch: BatchV1Api;
  /** events.k8s.io/v1: the FaultInjected/FaultRecovered/… Events on target pods and runner Jobs. */
  readonly events: EventsV1Api;
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

/** Builds the API clients from a kubeconfig file, the environment, or the in-cluster ServiceAccount. */
export function connectKube(options: ConnectOptions = {}): Kube {
  const { config, namespace, inCluster, server } = loadKubeConfig(options);
  return {
    config,
    core: config.makeApiClient(CoreV1Api),
    net: config.makeApiClient(NetworkingV1Api),
    batch: config.makeApiClient(BatchV1Api),
    events: config.makeApiClient(EventsV1Api),
    authn: config.makeApiClient(AuthenticationV1Api),
    authz: config.makeApiClient(AuthorizationV1Api),
    logs: new Log(config),
    watch: new Watch(config),
    namespace,
    inCluster,
    server,
  };
}

/** Request options that send a JSON merge patch (the client's default is JSON patch). */
export const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
