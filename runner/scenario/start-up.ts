// What the runner entry does before the rest of the runner is loaded: load the kubeconfig, request the start-up sweep's
// policy list and catch stop signals. Imports neither the typed API clients (client-node's generated classes and
// models, most of its code) nor zod, so the request leaves while those are still being loaded.
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { loadKubeConfig, type LoadedConfig } from '../kube/config.ts';
import type { Logger } from '../log/logger.ts';
import { listPartitionPoliciesIn } from '../faults/scope.ts';
import { installStopHandlers } from './signals.ts';

/** The early state handed to runMain. */
export interface StartUp {
  startedAt: Date;
  stop: AbortController;
  /** Lets stop-signal logging reach the logger once runMain has one. */
  setLogger(get: () => Logger | undefined): void;
  /** The loaded kubeconfig; throws what loading threw, at the point where the runner used to connect. */
  config(): LoadedConfig;
  /** Settles once the first request has been handed to the socket (or could not be sent). */
  sent: Promise<void>;
  /** The policy list requested at start when it was for this namespace, else undefined (the sweep lists itself). */
  policiesIn(namespace: string): Promise<V1NetworkPolicy[]> | undefined;
}

/** Loads the kubeconfig and sends the first request; never throws (errors surface through config() and the sweep). */
export function startUp(env: NodeJS.ProcessEnv = process.env): StartUp {
  const startedAt = new Date();
  const stop = new AbortController();
  let getLogger: () => Logger | undefined = () => undefined;
  installStopHandlers(stop, () => getLogger());
  let loaded: LoadedConfig | undefined;
  let failure: unknown;
  let early: { namespace: string; policies: Promise<V1NetworkPolicy[]> } | undefined;
  let markSent: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  try {
    loaded = loadKubeConfig();
    // Same namespace rule as runMain (APP_NAMESPACE, else the kubeconfig's); runMain checks it matches before using it.
    const namespace = env.APP_NAMESPACE?.trim() || loaded.namespace;
    const policies = listPartitionPoliciesIn(loaded, namespace, markSent);
    // The sweep reports a failure; meanwhile it is not an unhandled rejection, and a request that failed before it
    // could be sent (e.g. a config client-node refuses) counts as sent.
    policies.then(markSent, markSent);
    early = { namespace, policies };
  } catch (error) {
    failure = error;
    markSent();
  }
  return {
    startedAt,
    stop,
    sent,
    setLogger: (get) => (getLogger = get),
    config: () => {
      if (!loaded) throw failure;
      return loaded;
    },
    policiesIn: (namespace) => (early && early.namespace === namespace ? early.policies : undefined),
  };
}
