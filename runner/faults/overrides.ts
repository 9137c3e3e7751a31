// Preflight analysis: which existing NetworkPolicies already allow what a partition wants to cut.
// Policies only add allows, so any such allow makes the partition ineffective for that peer.
import type { V1NetworkPolicy, V1NetworkPolicyPort, V1Pod } from '@kubernetes/client-node';
import {
  ingressSources,
  peerMatches,
  podEndpoint,
  policySelects,
  policyTypesOf,
  portMatches,
  type Endpoint,
  type NamespaceInfo,
  type PodEndpoint,
} from './evaluate.ts';
import { LABEL_MANAGED_BY, MANAGER } from './labels.ts';
import { policyDirection, type PartitionSpec } from './spec.ts';

/** One allow that survives the partition: which policy lets which target talk to which blocked peer. */
export interface OverrideFinding {
  policy: string;
  target: string;
  peer: string;
  /** The allowed port(s) as `PROTO/port`; absent when every port is allowed. */
  port?: string;
  direction: 'egress' | 'ingress';
  /** Set when only an ipBlock matches the peer's IP: effective on CNIs that apply ipBlock to pod IPs. */
  via?: 'ipBlock';
}

/** What the analysis reads: the namespace's existing policies, the resolved pods and the spec. */
export interface OverrideInput {
  existing: readonly V1NetworkPolicy[];
  targets: readonly (V1Pod | PodEndpoint)[];
  blockedPods: readonly (V1Pod | PodEndpoint)[];
  namespaces: readonly NamespaceInfo[];
  spec: PartitionSpec;
}

type Rule = { ports?: V1NetworkPolicyPort[]; peers?: ReturnType<typeof ingressSources> };

const isDns = (port: number, protocol: string): boolean => port === 53 && (protocol === 'UDP' || protocol === 'TCP');
const refOf = (e: Endpoint): string => (e.kind === 'pod' ? `${e.namespace}/${e.name}` : e.ip);

function describePorts(ports: readonly V1NetworkPolicyPort[]): string {
  return ports.map((p) => `${p.protocol ?? 'TCP'}/${p.port === undefined ? '*' : p.endPort !== undefined ? `${p.port}-${p.endPort}` : p.port}`).join(', ');
}

/** True when a rule port entry admits some port other than DNS (which the partition always keeps open on egress). */
function admitsNonDns(entry: V1NetworkPolicyPort, destination: Endpoint): boolean {
  const protocol = entry.protocol ?? 'TCP';
  if (entry.port === undefined || protocol === 'SCTP') return true;
  if (typeof entry.port === 'string') {
    const named = destination.kind === 'pod' ? destination.namedPorts?.[entry.port] : undefined;
    return named !== undefined && !isDns(named.port, named.protocol ?? 'TCP');
  }
  return entry.endPort !== undefined ? entry.endPort > entry.port || entry.port !== 53 : entry.port !== 53;
}

/** The cut ports this rule still admits towards `destination`: undefined = none; '' = every port. */
function overlappingPorts(rule: Rule, spec: PartitionSpec, destination: Endpoint, egress: boolean): string | undefined {
  if (spec.ports.length > 0) {
    const hit = spec.ports.filter((p) => !(egress && isDns(p.port, p.protocol)) && portMatches(rule.ports, p.port, p.protocol, destination));
    return hit.length === 0 ? undefined : hit.map((p) => `${p.protocol}/${p.port}`).join(', ');
  }
  if (!rule.ports || rule.ports.length === 0) return '';
  const open = egress ? rule.ports.filter((p) => admitsNonDns(p, destination)) : rule.ports;
  return open.length === 0 ? undefined : describePorts(open);
}

/** How a rule's peers match `endpoint`: 'direct', 'ipBlock' (only by IP), or undefined. */
function peerMatch(rule: Rule, policy: V1NetworkPolicy, endpoint: Endpoint, namespaces: readonly NamespaceInfo[]): 'direct' | 'ipBlock' | undefined {
  if (!rule.peers || rule.peers.length === 0) return 'direct';
  const ns = policy.metadata?.namespace ?? 'default';
  if (rule.peers.some((peer) => !peer.ipBlock && peerMatches(peer, ns, endpoint, namespaces))) return 'direct';
  const byIp = rule.peers.some((peer) => peer.ipBlock && peerMatches(peer, ns, endpoint, namespaces, { ipBlockMatchesPods: true }));
  // ipBlock is certain for external addresses; for pod IPs it depends on the CNI.
  return byIp ? (endpoint.kind === 'external' ? 'direct' : 'ipBlock') : undefined;
}

/** Existing (non-netpart) policies selecting a target that already allow traffic the partition would cut. */
export function findOverridingPolicies(input: OverrideInput): OverrideFinding[] {
  const { spec, namespaces } = input;
  const targets = input.targets.map(podEndpoint);
  const blocked = input.blockedPods.map(podEndpoint);
  const findings = new Map<string, OverrideFinding>();
  const add = (f: OverrideFinding) => findings.set(JSON.stringify([f.policy, f.target, f.peer, f.direction, f.port]), f);
  const foreign = input.existing.filter((p) => p.metadata?.labels?.[LABEL_MANAGED_BY] !== MANAGER);

  for (const policy of foreign) {
    const name = policy.metadata?.name ?? '(unnamed)';
    const types = policyTypesOf(policy);
    for (const target of targets.filter((t) => policySelects(policy, t))) {
      const check = (rules: Rule[], peers: Endpoint[], direction: 'egress' | 'ingress') => {
        for (const rule of rules) {
          for (const peer of peers) {
            if (peer.kind === 'pod' && peer.name === target.name && peer.namespace === target.namespace) continue;
            const how = peerMatch(rule, policy, peer, namespaces);
            // Egress ports are the peer's; ingress ports are the target's own.
            const ports = how && overlappingPorts(rule, spec, direction === 'egress' ? peer : target, direction === 'egress');
            if (!how || ports === undefined) continue;
            add({
              policy: name,
              target: refOf(target),
              peer: refOf(peer),
              ...(ports ? { port: ports } : {}),
              direction,
              ...(how === 'ipBlock' ? { via: 'ipBlock' as const } : {}),
            });
          }
        }
      };
      if (policyDirection(spec) !== 'ingress' && types.includes('Egress')) {
        const rules = (policy.spec?.egress ?? []).map((r) => ({ ports: r.ports, peers: r.to }));
        check(rules, blocked, 'egress');
        if (spec.blockAllEgress) check(rules, allEgressProbes(spec, namespaces, rules), 'egress');
      }
      if (policyDirection(spec) !== 'egress' && types.includes('Ingress')) {
        check(
          (policy.spec?.ingress ?? []).map((r) => ({ ports: r.ports, peers: ingressSources(r) })),
          blocked,
          'ingress',
        );
      }
    }
  }
  return [...findings.values()].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/**
 * What blockAllEgress cuts besides blocked pods, as sample endpoints: the first address of every ipBlock the rules
 * name, any address, and an unlabelled pod in each known namespace that is not allowed.
 */
function allEgressProbes(spec: PartitionSpec, namespaces: readonly NamespaceInfo[], rules: Rule[]): Endpoint[] {
  const cidrs = rules.flatMap((r) => r.peers ?? []).flatMap((p) => (p.ipBlock ? [p.ipBlock.cidr.split('/')[0] ?? ''] : []));
  const external: Endpoint[] = [...new Set(['0.0.0.0', '::', ...cidrs])].map((ip) => ({ kind: 'external', ip }));
  const pods: Endpoint[] = namespaces
    .filter((ns) => !spec.allowNamespaces.includes(ns.name))
    .map((ns) => ({ kind: 'pod', name: '*', namespace: ns.name, labels: {} }));
  return [...external, ...pods];
}

/** An existing policy that already isolates a target in a direction the partition also covers. */
export interface IsolationFinding {
  policy: string;
  target: string;
  direction: 'egress' | 'ingress';
}

/**
 * Existing (non-netpart) policies that already isolate a target. The partition's "allow everything except X" is
 * additive, so on such a target it would also open traffic those policies deny: worth a warning before injecting.
 */
export function findIsolatingPolicies(input: Pick<OverrideInput, 'existing' | 'targets' | 'spec'>): IsolationFinding[] {
  const findings: IsolationFinding[] = [];
  for (const policy of input.existing.filter((p) => p.metadata?.labels?.[LABEL_MANAGED_BY] !== MANAGER)) {
    const types = policyTypesOf(policy);
    for (const target of input.targets.map(podEndpoint).filter((t) => policySelects(policy, t))) {
      const base = { policy: policy.metadata?.name ?? '(unnamed)', target: refOf(target) };
      if (policyDirection(input.spec) !== 'ingress' && types.includes('Egress')) findings.push({ ...base, direction: 'egress' });
      if (policyDirection(input.spec) !== 'egress' && types.includes('Ingress')) findings.push({ ...base, direction: 'ingress' });
    }
  }
  return findings;
}
