// The pure partition compiler: a validated spec becomes one NetworkPolicy that cuts exactly the blocked peers.
// NetworkPolicy can only add allows, so "block X" is written as "allow everything except X": DNS, other namespaces and
// external addresses stay reachable, and only the blocked pods are negated (see README "What it does differently").
import type {
  V1NetworkPolicy,
  V1NetworkPolicyEgressRule,
  V1NetworkPolicyIngressRule,
  V1NetworkPolicyPeer,
  V1NetworkPolicyPort,
  V1NetworkPolicySpec,
} from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import { ValidationError } from '../util/errors.ts';
import { compareIps, formatIp, hostCidr, parseIp, type IpAddress } from './cidr.ts';
import { LABEL_FAULT_ID, LABEL_MANAGED_BY, MANAGER, policyName } from './labels.ts';
import { podUidSelector } from './pod-uid-label.ts';
import { FAULT_ID_PATTERN } from './record.ts';
import { negateSelectors } from './selector.ts';
import { blockedSelectors, labelValue, policyDirection, type LabelSelector, type PartitionSpec, type PortSpec } from './spec.ts';

/** The immutable label every namespace carries with its own name (Kubernetes ≥ 1.21). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** Upper bound on negated peers per policy; beyond it the policy gets unreadable and slow for CNIs. */
export const MAX_NEGATED_PEERS = 256;

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

/** What the compiler needs: the spec, the fault id, the target pods' uids and the current IPs of the blocked pods. */
export interface CompileInput {
  spec: PartitionSpec;
  faultId: string;
  /** metadata.uid of each target pod: the policy selects the pods whose uid label holds one of them. */
  targetUids: readonly string[];
  /** IPs of the pods the blocked selectors match now; excepted from the ipBlock peers. */
  blockedPodIps: readonly string[];
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Blocked selectors grouped by namespace, namespaces sorted. */
function blockedByNamespace(spec: PartitionSpec): Map<string, LabelSelector[]> {
  const groups = new Map<string, LabelSelector[]>();
  for (const { namespace, labels } of blockedSelectors(spec)) groups.set(namespace, [...(groups.get(namespace) ?? []), labels]);
  return new Map([...groups].sort(([a], [b]) => byText(a, b)));
}

/** ipBlock peers for "every address except the blocked pods", one per family so each except stays inside its cidr. */
function externalPeers(blockedPodIps: readonly string[]): V1NetworkPolicyPeer[] {
  const unique = new Map<string, IpAddress>();
  blockedPodIps.forEach((text, i) => {
    const ip = parseIp(text.trim(), `blockedPodIps[${i}]`);
    unique.set(formatIp(ip), ip);
  });
  const sorted = [...unique.values()].sort(compareIps);
  const block = (cidr: string, version: 4 | 6): V1NetworkPolicyPeer => {
    const except = sorted.filter((ip) => ip.version === version).map(hostCidr);
    return { ipBlock: except.length > 0 ? { cidr, except } : { cidr } };
  };
  return [block('0.0.0.0/0', 4), block('::/0', 6)];
}

/** Peers matching every pod and address except those of the blocked selectors. */
function everyoneExceptBlocked(spec: PartitionSpec, blocked: Map<string, LabelSelector[]>, blockedPodIps: readonly string[]): V1NetworkPolicyPeer[] {
  const own = blocked.get(spec.namespace);
  const ownPeers: V1NetworkPolicyPeer[] = own ? negateSelectors(own).map((podSelector) => ({ podSelector })) : [{ podSelector: {} }];
  const untouched = [...new Set([spec.namespace, ...blocked.keys()])].sort(byText);
  const otherNamespaces: V1NetworkPolicyPeer = {
    namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: untouched }] },
  };
  const partlyBlocked = [...blocked]
    .filter(([ns]) => ns !== spec.namespace)
    .flatMap(([ns, selectors]) =>
      negateSelectors(selectors).map((podSelector) => ({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } }, podSelector })),
    );
  const negatedCount = (own ? ownPeers.length : 0) + partlyBlocked.length;
  if (negatedCount > MAX_NEGATED_PEERS) {
    throw new ValidationError(
      `blockPods: the blocked selectors need ${negatedCount} NetworkPolicy peers across namespaces (limit ${MAX_NEGATED_PEERS}); block fewer selectors`,
      ['blockPods: too many selector combinations'],
    );
  }
  return [...ownPeers, otherNamespaces, ...partlyBlocked, ...externalPeers(blockedPodIps)];
}

const allowedNamespacesPeer = (namespaces: readonly string[]): V1NetworkPolicyPeer[] =>
  namespaces.length === 0
    ? []
    : [{ namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...new Set(namespaces)].sort(byText) }] } }];

/** Every port except the listed ones: ranges around the listed ports of each protocol, whole other protocols. */
export function complementPorts(ports: readonly PortSpec[]): V1NetworkPolicyPort[] {
  const result: V1NetworkPolicyPort[] = [];
  for (const protocol of PROTOCOLS) {
    const listed = [...new Set(ports.filter((p) => p.protocol === protocol).map((p) => p.port))].sort((a, b) => a - b);
    if (listed.length === 0) {
      result.push({ protocol });
      continue;
    }
    // endPort is inclusive and needs a numeric port ≤ endPort; a one-port gap is written without endPort.
    const range = (from: number, to: number): V1NetworkPolicyPort => (from === to ? { protocol, port: from } : { protocol, port: from, endPort: to });
    let next = 1;
    for (const port of listed) {
      if (port > next) result.push(range(next, port - 1));
      next = port + 1;
    }
    if (next <= 65535) result.push(range(next, 65535));
  }
  return result;
}

const DNS_PORTS: V1NetworkPolicyPort[] = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];

/** The rules of a partition (policyTypes, egress, ingress) with no podSelector: what a policy of the spec allows. */
export function compilePartitionRules(spec: PartitionSpec, blockedPodIps: readonly string[]): Omit<V1NetworkPolicySpec, 'podSelector'> {
  const blocked = blockedByNamespace(spec);
  const everyone = everyoneExceptBlocked(spec, blocked, blockedPodIps);
  const allowed = allowedNamespacesPeer(spec.allowNamespaces);
  // With ports listed, blocked peers stay reachable on every other port: allowing all peers there is equivalent.
  const otherPorts = spec.ports.length > 0 ? [{ ports: complementPorts(spec.ports) }] : [];

  // DNS stays open to every server except the blocked pods themselves: a port-53 rule without `to` would leave each
  // blocked peer reachable on 53 (and any service it runs there).
  const egress: V1NetworkPolicyEgressRule[] = [
    { ports: DNS_PORTS, to: everyone },
    ...(spec.blockAllEgress ? (allowed.length > 0 ? [{ to: allowed }] : []) : [{ to: [...everyone, ...allowed] }]),
    ...otherPorts,
  ];
  // client-node names the field `_from` and its serializer silently drops a plain `from`.
  // Under drop the blocked peers lose ingress on every port too: once their conntrack entries are gone, a flow whose
  // peer sends the next packet would otherwise be taken as a new peer-opened connection and let through, replies and all.
  const drop = spec.established === 'drop';
  const ingress: V1NetworkPolicyIngressRule[] = [{ _from: [...everyone, ...allowed] }, ...(drop ? [] : otherPorts)];
  const direction = policyDirection(spec);
  const withEgress = direction !== 'ingress';
  const withIngress = direction !== 'egress';
  return structuredClone({
    policyTypes: [...(withIngress ? ['Ingress'] : []), ...(withEgress ? ['Egress'] : [])],
    ...(withEgress ? { egress } : {}),
    ...(withIngress ? { ingress } : {}),
  });
}

/** Compiles a partition spec into the NetworkPolicy that selects only the fault's target pods (by their uid label). */
export function compilePartitionPolicy({ spec, faultId, targetUids, blockedPodIps }: CompileInput): V1NetworkPolicy {
  // The same rule as every stored fault id (record.ts), so a compiled policy can always be read back and recovered.
  if (!FAULT_ID_PATTERN.test(faultId)) {
    throw new ValidationError(`faultId: "${faultId}" must be 6–24 lower-case letters or digits (the engine generates them)`, [
      'faultId: not 6–24 lower-case letters or digits',
    ]);
  }
  // An empty In is invalid, and a malformed value would fail the create only after the expiry Job exists.
  // A uid is a non-empty label value (spec.ts's rule for label values, which also admits the empty one).
  const badUid = targetUids.find((uid) => uid === '' || !labelValue.safeParse(uid).success);
  if (targetUids.length === 0 || badUid !== undefined) {
    const what = targetUids.length === 0 ? 'no target pod' : `"${badUid ?? ''}" is not a pod uid`;
    throw new ValidationError(`targetUids: ${what} (the engine passes the resolved targets' uids)`, ['targetUids: not a non-empty list of pod uids']);
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: policyName(faultId),
      namespace: spec.namespace,
      labels: { [LABEL_MANAGED_BY]: MANAGER, [LABEL_FAULT_ID]: faultId },
    },
    spec: { podSelector: podUidSelector(targetUids), ...compilePartitionRules(spec, blockedPodIps) },
  };
}

/**
 * The policy as the apiserver spells it (`from`, not client-node's `_from`). Create calls serialize on their own,
 * but patch bodies are sent as-is, so a patch built from a compiled policy must go through this first.
 */
export function policyToWire(policy: V1NetworkPolicy): { metadata?: object; spec?: object } {
  return ObjectSerializer.serialize(policy, 'V1NetworkPolicy', '') as { metadata?: object; spec?: object };
}
