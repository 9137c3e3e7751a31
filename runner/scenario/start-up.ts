// What the runner entry does before the rest of the runner is loaded: read the credentials, request the start-up
// sweep's policy list and catch stop signals. The plain cases (in-cluster ServiceAccount, a kubeconfig with a token or
// client certificate) need neither client-node nor zod's full build: runner/kube/early-config.ts reads them and the list
// is one node:http(s) GET. Anything else loads client-node here, as the runner always did.
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { loadEarlyConfig } from '../kube/early-config.ts';
import { partitionPolicyListPath, policiesFromList, type RawPolicyList } from '../faults/policy-list.ts';
import type { Logger } from '../log/logger.ts';
import { installStopHandlers } from './signals.ts';

/** The policy list requested at start, and for which API server and namespace. */
export interface EarlyList {
  server: string;
  namespace: string;
  policies: Promise<V1NetworkPolicy[]>;
  /** Why client-node loaded the config instead of the early loader (for a debug line), if it did. */
  viaClientNode?: string;
}

/** The early state handed to runMain. */
export interface StartUp {
  startedAt: Date;
  stop: AbortController;
  /** Lets stop-signal logging reach the logger once runMain has one. */
  setLogger(get: () => Logger | undefined): void;
  /** Settles once the first request has been handed to the socket (or could not be sent). */
  sent: Promise<void>;
  /** The list requested at start; undefined when loading the config failed (runMain's connect reports why). */
  early: Promise<EarlyList | undefined>;
  /** The list requested at start if it went to `server` for `namespace`; else undefined and the sweep lists itself. */
  listFor(server: string, namespace: string): Promise<EarlyList | undefined>;
}

// Same namespace rule as runMain (APP_NAMESPACE, else the config's); listFor checks it matches before use.
const appNamespace = (env: NodeJS.ProcessEnv, configured: string): string => env.APP_NAMESPACE?.trim() || configured;

/** The old way: client-node loads the config and sends the list (exec plugins, proxies, merged kubeconfigs…). */
async function listViaClientNode(env: NodeJS.ProcessEnv, onSent: () => void, why: string): Promise<EarlyList> {
  const { loadKubeConfig, listPartitionPoliciesIn } = await import('./after-start.ts');
  const loaded = loadKubeConfig();
  const namespace = appNamespace(env, loaded.namespace);
  return { server: loaded.server, namespace, policies: listPartitionPoliciesIn(loaded, namespace, onSent), viaClientNode: why };
}

async function requestList(env: NodeJS.ProcessEnv, onSent: () => void): Promise<EarlyList> {
  const early = await loadEarlyConfig(env);
  if (!('connection' in early)) return listViaClientNode(env, onSent, early.unsupported);
  const { connection } = early;
  const namespace = appNamespace(env, connection.namespace);
  const policies = connection.getJson<RawPolicyList>(partitionPolicyListPath(namespace), onSent).then(policiesFromList);
  return { server: connection.server, namespace, policies };
}

/** Starts loading the config and sending the first request; never throws (errors surface through runMain and the sweep). */
export function startUp(env: NodeJS.ProcessEnv = process.env): StartUp {
  const startedAt = new Date();
  const stop = new AbortController();
  let getLogger: () => Logger | undefined = () => undefined;
  installStopHandlers(stop, () => getLogger());
  let markSent: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const early = requestList(env, markSent).then(
    (list) => {
      // The sweep reports a failure; meanwhile it is not an unhandled rejection, and a request that failed before it
      // could be sent counts as sent.
      list.policies.then(markSent, markSent);
      return list;
    },
    () => {
      // loading the config failed: runMain's own connect reports the same error at the point where it always did
      markSent();
      return undefined;
    },
  );
  return {
    startedAt,
    stop,
    sent,
    early,
    setLogger: (get) => (getLogger = get),
    listFor: async (server, namespace) => {
      const list = await early;
      return list && list.server === server && list.namespace === namespace ? list : undefined;
    },
  };
}
