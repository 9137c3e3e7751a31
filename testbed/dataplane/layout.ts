// Names and addresses of one dataplane instance; two instances with different layouts never collide.
import { z } from 'zod';

/** Where a dataplane lives: namespace/interface name prefixes and its private address ranges. */
export interface DataplaneLayout {
  /** Prefix of every network namespace it creates: `<name>-node`, `<name>-<uid8>`. */
  name: string;
  /** Prefix of its interface names (≤ 4 chars, so `<ifPrefix><uid8>` fits the kernel's 15-char limit). */
  ifPrefix: string;
  /** Network address of the /16 pod range; `.0.1` of it is the node's InternalIP. */
  podRange: string;
  /** Root-namespace end of the root↔node link (a /30); pods reach the apiserver here. */
  hostLinkIP: string;
  /** Node-namespace end of the root↔node link. */
  nodeLinkIP: string;
}

/** The testbed's own layout: only inside namespaces it creates, ranges not used elsewhere on this host. */
export const DEFAULT_LAYOUT: DataplaneLayout = {
  name: 'netpart',
  ifPrefix: 'np',
  podRange: '10.244.0.0',
  hostLinkIP: '10.243.0.1',
  nodeLinkIP: '10.243.0.2',
};

/** Raised when a layout has a field the kernel or the address plan cannot accept. */
export class LayoutError extends Error {
  override name = 'LayoutError';
}

/**
 * The layout of testbed instance `n` (TESTBED_INSTANCE): 0 is DEFAULT_LAYOUT; 1–9 get their own namespace and interface
 * prefixes (`netpart<n>-*`, `np<n>host`), pod range 10.(245+n).0.0/16 and root link 10.243.(n+1).0/30, so a second
 * testbed (with its own TESTBED_CACHE) runs its dataplane beside the first without touching its namespaces or routes.
 * 10.245.0.0/16 and 10.243.1.0/30 stay free for test/testbed/dataplane/enforcement.test.ts.
 */
export function layoutForInstance(n: number): DataplaneLayout {
  if (!Number.isInteger(n) || n < 0 || n > 9) throw new LayoutError(`TESTBED_INSTANCE "${n}" must be a digit 0–9 (0 = the default testbed)`);
  if (n === 0) return DEFAULT_LAYOUT;
  return { name: `netpart${n}`, ifPrefix: `np${n}`, podRange: `10.${245 + n}.0.0`, hostLinkIP: `10.243.${n + 1}.1`, nodeLinkIP: `10.243.${n + 1}.2` };
}

/** This process's testbed layout: TESTBED_INSTANCE (unset = 0, the default testbed). */
export const TESTBED_LAYOUT: DataplaneLayout = layoutForInstance(instanceFromEnv(process.env.TESTBED_INSTANCE));

/** Parses TESTBED_INSTANCE (unset or empty = 0); throws LayoutError naming the variable and the fix. */
export function instanceFromEnv(raw: string | undefined): number {
  const parsed = z
    .string()
    .regex(/^\d$/)
    .optional()
    .safeParse(raw || undefined);
  if (!parsed.success) throw new LayoutError(`TESTBED_INSTANCE "${raw}" must be a digit 0–9 (0 = the default testbed); unset it for the default`);
  return Number(parsed.data ?? '0');
}

/** Checks the fields that would otherwise fail deep inside `ip`; throws naming the field and the fix. */
export function validateLayout(layout: DataplaneLayout): DataplaneLayout {
  if (!/^[a-z][a-z0-9]{0,3}$/.test(layout.ifPrefix)) {
    throw new LayoutError(`layout.ifPrefix "${layout.ifPrefix}" must be 1–4 lowercase letters/digits (interface names are ≤ 15 chars)`);
  }
  if (!/^[a-z][a-z0-9-]{0,20}$/.test(layout.name)) {
    throw new LayoutError(`layout.name "${layout.name}" must be ≤ 21 lowercase letters, digits or dashes`);
  }
  if (!/^\d+\.\d+\.0\.0$/.test(layout.podRange)) {
    throw new LayoutError(`layout.podRange "${layout.podRange}" must be the network address of a /16, like 10.244.0.0`);
  }
  return layout;
}

/** The node's InternalIP for a layout (first address of the pod range). */
export function nodeIPOf(layout: DataplaneLayout): string {
  return layout.podRange.replace(/\.0\.0$/, '.0.1');
}

/** Names derived from a layout; `uid8` is the first 8 hex chars of a pod UID. */
export const namesOf = (layout: DataplaneLayout) => ({
  nodeNetns: `${layout.name}-node`,
  hostVeth: `${layout.ifPrefix}host`,
  nodeVeth: `${layout.ifPrefix}node`,
  podNetns: (uid8: string) => `${layout.name}-${uid8}`,
  podVeth: (uid8: string) => `${layout.ifPrefix}${uid8}`,
});

/** First 8 alphanumeric chars of a pod UID; throws naming the field when the pod has none. */
export function uid8Of(uid: string | undefined): string {
  const clean = (uid ?? '').replace(/[^a-z0-9]/gi, '').toLowerCase();
  if (clean.length < 8) throw new LayoutError(`pod metadata.uid "${uid ?? ''}" is missing or too short; pass a pod read from the apiserver`);
  return clean.slice(0, 8);
}
