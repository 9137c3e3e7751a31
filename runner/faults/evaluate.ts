// A plain NetworkPolicy evaluator (Kubernetes semantics), written independently of the compiler to check it.
import type { V1NetworkPolicy, V1NetworkPolicyIngressRule, V1NetworkPolicyPeer, V1NetworkPolicyPort, V1Pod } from '@kubernetes/client-node';
import { cidrContains, parseCidr, tryParseIp } from './cidr.ts';
import { matchesLabelSelector, type Labels } from './selector.ts';

/** A pod as the evaluator sees it; `namedPorts` resolves named ports in policies (name → port/protocol). */
export interface PodEndpoint {
  kind: 'pod';
  name: string;
  namespace: string;
  labels: Labels;
  ip?: string;
  namedPorts?: Readonly<Record<string, { port: number; protocol?: string }>>;
}
/** An address outside the cluster's pods. */
export interface ExternalEndpoint {
  kind: 'external';
  ip: string;
}
/** Either side of a connection. */
export type Endpoint = PodEndpoint | ExternalEndpoint;

/** A namespace and its labels; `kubernetes.io/metadata.name` is implied when missing. */
export interface NamespaceInfo {
  name: string;
  labels?: Labels;
}

/** How to evaluate: whether ipBlock peers also match pod IPs (CNI-specific; Kubernetes leaves it open). */
export interface EvaluationOptions {
  ipBlockMatchesPods?: boolean;
}

/** One connection to judge against a set of policies. */
export interface ConnectionQuery extends EvaluationOptions {
  policies: readonly V1NetworkPolicy[];
  namespaces: readonly NamespaceInfo[];
  from: Endpoint;
  to: Endpoint;
  port: number;
  protocol?: string;
}

/** A pod from the API (or an endpoint already) as an evaluator endpoint, named container ports included. */
export function podEndpoint(pod: V1Pod | PodEndpoint): PodEndpoint {
  if ('kind' in pod && pod.kind === 'pod') return pod as PodEndpoint;
  const p = pod as V1Pod;
  const namedPorts: Record<string, { port: number; protocol?: string }> = {};
  for (const c of p.spec?.containers ?? []) {
    for (const cp of c.ports ?? []) if (cp.name) namedPorts[cp.name] = { port: cp.containerPort, protocol: cp.protocol ?? 'TCP' };
  }
  return {
    kind: 'pod',
    name: p.metadata?.name ?? '',
    namespace: p.metadata?.namespace ?? 'default',
    labels: p.metadata?.labels ?? {},
    ...(p.status?.podIP ? { ip: p.status.podIP } : {}),
    namedPorts,
  };
}

/** Labels of a namespace by name, including the automatic name label. */
export function namespaceLabels(namespaces: readonly NamespaceInfo[], name: string): Labels {
  const found = namespaces.find((ns) => ns.name === name);
  return { 'kubernetes.io/metadata.name': name, ...(found?.labels ?? {}) };
}

/** Policy types in force: explicit policyTypes, else Ingress always and Egress when egress rules exist. */
export function policyTypesOf(policy: V1NetworkPolicy): string[] {
  const explicit = policy.spec?.policyTypes;
  if (explicit && explicit.length > 0) return explicit;
  return ['Ingress', ...((policy.spec?.egress?.length ?? 0) > 0 ? ['Egress'] : [])];
}

/** True when the policy's podSelector picks this pod (same namespace only). */
export function policySelects(policy: V1NetworkPolicy, pod: Endpoint): pod is PodEndpoint {
  if (pod.kind !== 'pod' || (policy.metadata?.namespace ?? 'default') !== pod.namespace) return false;
  return matchesLabelSelector(policy.spec?.podSelector ?? {}, pod.labels);
}

function ipBlockMatches(peer: V1NetworkPolicyPeer, ipText: string | undefined): boolean {
  const block = peer.ipBlock;
  const ip = ipText === undefined ? undefined : tryParseIp(ipText);
  if (!block || !ip) return false;
  if (!cidrContains(parseCidr(block.cidr, 'ipBlock.cidr'), ip)) return false;
  return !(block.except ?? []).some((e) => cidrContains(parseCidr(e, 'ipBlock.except'), ip));
}

/** True when one peer entry of a rule matches the endpoint; `policyNamespace` scopes a bare podSelector. */
export function peerMatches(
  peer: V1NetworkPolicyPeer,
  policyNamespace: string,
  endpoint: Endpoint,
  namespaces: readonly NamespaceInfo[],
  options: EvaluationOptions = {},
): boolean {
  if (peer.ipBlock) {
    return (endpoint.kind === 'external' || options.ipBlockMatchesPods === true) && ipBlockMatches(peer, endpoint.ip);
  }
  if (endpoint.kind !== 'pod') return false;
  const namespaceOk = peer.namespaceSelector
    ? matchesLabelSelector(peer.namespaceSelector, namespaceLabels(namespaces, endpoint.namespace))
    : endpoint.namespace === policyNamespace;
  // A peer with only a namespaceSelector means every pod of those namespaces.
  return namespaceOk && matchesLabelSelector(peer.podSelector ?? {}, endpoint.labels);
}

/** True when a rule's port list admits the port; `destination` resolves named ports. */
export function portMatches(ports: readonly V1NetworkPolicyPort[] | undefined, port: number, protocol: string, destination?: Endpoint): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') {
      const named = destination?.kind === 'pod' ? destination.namedPorts?.[p.port] : undefined;
      return named !== undefined && named.port === port && (named.protocol ?? 'TCP') === protocol;
    }
    return p.endPort === undefined ? p.port === port : p.port <= port && port <= p.endPort;
  });
}

/** Whether `from` may send (its egress side): unisolated, or some selecting egress policy has a matching rule. */
export function egressAllowed(query: ConnectionQuery): boolean {
  const { from, to, port, protocol = 'TCP' } = query;
  const selecting = query.policies.filter((p) => policyTypesOf(p).includes('Egress') && policySelects(p, from));
  if (selecting.length === 0) return true;
  return selecting.some((policy) =>
    (policy.spec?.egress ?? []).some(
      (rule) =>
        portMatches(rule.ports, port, protocol, to) &&
        (!rule.to || rule.to.length === 0 || rule.to.some((peer) => peerMatches(peer, policy.metadata?.namespace ?? 'default', to, query.namespaces, query))),
    ),
  );
}

/** An ingress rule's peers: client-node objects call them `_from`, plain YAML/JSON objects `from`. */
export function ingressSources(rule: V1NetworkPolicyIngressRule): V1NetworkPolicyPeer[] | undefined {
  return rule._from ?? (rule as { from?: V1NetworkPolicyPeer[] }).from;
}

/** Whether `to` may receive (its ingress side): unisolated, or some selecting ingress policy has a matching rule. */
export function ingressAllowed(query: ConnectionQuery): boolean {
  const { from, to, port, protocol = 'TCP' } = query;
  const selecting = query.policies.filter((p) => policyTypesOf(p).includes('Ingress') && policySelects(p, to));
  if (selecting.length === 0) return true;
  return selecting.some((policy) =>
    (policy.spec?.ingress ?? []).some((rule) => {
      const sources = ingressSources(rule);
      return (
        portMatches(rule.ports, port, protocol, to) &&
        (!sources || sources.length === 0 || sources.some((peer) => peerMatches(peer, policy.metadata?.namespace ?? 'default', from, query.namespaces, query)))
      );
    }),
  );
}

const samePod = (a: Endpoint, b: Endpoint): boolean => a.kind === 'pod' && b.kind === 'pod' && a.name === b.name && a.namespace === b.namespace;

/** Whether the connection is allowed: both the sender's egress and the receiver's ingress must admit it. */
export function isAllowed(query: ConnectionQuery): boolean {
  // NetworkPolicy never applies to a pod talking to itself.
  if (samePod(query.from, query.to)) return true;
  return egressAllowed(query) && ingressAllowed(query);
}
