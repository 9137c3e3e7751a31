// Where and how the privileged helpers that cut open connections run; one place for their defaults.

/** What happens to connections that are already open when a partition starts. */
export const ESTABLISHED_MODES = ['keep', 'drop', 'reset'] as const;
/** `keep`: leave them (NetworkPolicy alone); `drop`: delete their conntrack entries; `reset`: destroy their sockets. */
export type EstablishedMode = (typeof ESTABLISHED_MODES)[number];

/** Settings of the helpers; every field has a default (see establishedSettingsFromEnv). */
export interface EstablishedSettings {
  /** The tools image (conntrack + ss + netpart-cut) both helpers run. */
  image: string;
  /** Namespace of the hostNetwork `drop` helper pods (must allow privileged pods: hostNetwork + NET_ADMIN). */
  helperNamespace: string;
  /** How long a helper keeps cutting flows that re-open (the enforcer may apply the policy a little later). */
  settleMs: number;
  /** Gap between two cutting rounds. */
  intervalMs: number;
  /** How long to wait for a helper to start and finish (image pull included) before giving up. */
  timeoutMs: number;
}

/** The tools image that matches this release (images/tools/Dockerfile). */
export const DEFAULT_TOOLS_IMAGE = 'ghcr.io/netpart/tools:0.1.0';
/** The namespace manifests/established/ creates for the `drop` helper pods. */
export const DEFAULT_HELPER_NAMESPACE = 'netpart-system';

/** Defaults, overridden by NETPART_TOOLS_IMAGE, NETPART_HELPER_NAMESPACE and NETPART_CUT_SETTLE_MS. */
export function establishedSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): EstablishedSettings {
  const settle = Number(env.NETPART_CUT_SETTLE_MS);
  return {
    image: env.NETPART_TOOLS_IMAGE?.trim() || DEFAULT_TOOLS_IMAGE,
    helperNamespace: env.NETPART_HELPER_NAMESPACE?.trim() || DEFAULT_HELPER_NAMESPACE,
    settleMs: Number.isInteger(settle) && settle >= 0 && settle <= 60_000 ? settle : 2000,
    intervalMs: 200,
    timeoutMs: 90_000,
  };
}
