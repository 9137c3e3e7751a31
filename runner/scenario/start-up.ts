// What the runner entry does before the rest of the runner is loaded: connect, request the start-up sweep's policy list
// and catch stop signals. Imports only the Kubernetes client and the policy list, so the request leaves while the
// scenario machinery (zod schemas, logger, checks) is still being loaded.
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { connectKube, type Kube } from '../kube/client.ts';
import type { Logger } from '../log/logger.ts';
import { listPartitionPolicies } from '../faults/scope.ts';
import { installStopHandlers } from './signals.ts';

/** The early state handed to runMain. */
export interface StartUp {
  startedAt: Date;
  stop: AbortController;
  /** Lets stop-signal logging reach the logger once runMain has one. */
  setLogger(get: () => Logger | undefined): void;
  /** The connection; throws what connecting threw, at the point where the runner used to connect. */
  kube(): Kube;
  /** The policy list requested at start when it was for this namespace, else undefined (the sweep lists itself). */
  policiesIn(namespace: string): Promise<V1NetworkPolicy[]> | undefined;
}

/** Connects and sends the first request; never throws (errors surface through kube() and the sweep). */
export function startUp(env: NodeJS.ProcessEnv = process.env): StartUp {
  const startedAt = new Date();
  const stop = new AbortController();
  let getLogger: () => Logger | undefined = () => undefined;
  installStopHandlers(stop, () => getLogger());
  let kube: Kube | undefined;
  let failure: unknown;
  let early: { namespace: string; policies: Promise<V1NetworkPolicy[]> } | undefined;
  try {
    kube = connectKube();
    // Same namespace rule as runMain (APP_NAMESPACE, else the kubeconfig's); runMain checks it matches before using it.
    const namespace = env.APP_NAMESPACE?.trim() || kube.namespace;
    const policies = listPartitionPolicies(kube, [namespace]);
    policies.catch(() => undefined); // the sweep reports it; not an unhandled rejection meanwhile
    early = { namespace, policies };
  } catch (error) {
    failure = error;
  }
  return {
    startedAt,
    stop,
    setLogger: (get) => (getLogger = get),
    kube: () => {
      if (!kube) throw failure;
      return kube;
    },
    policiesIn: (namespace) => (early && early.namespace === namespace ? early.policies : undefined),
  };
}
