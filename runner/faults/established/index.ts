// Cutting the connections a partition finds open: the dry-run check before anything exists, and the cut itself.
import type { V1Pod } from '@kubernetes/client-node';
import { kubeErrorMessage, statusCode, type Kube } from '../../kube/client.ts';
import { RefusedError, ERROR_CODES, NetpartError } from '../../util/errors.ts';
import type { PartitionSpec } from '../spec.ts';
import { createDropPod, dropOnNodes, dropPods } from './drop.ts';
import type { CutPlan } from './helper-specs.ts';
import { summarizeCut, type EstablishedCut } from './outcome.ts';
import { addResetContainer, resetTargets } from './reset.ts';
import { blockedServices } from './service-ips.ts';
import type { EstablishedSettings } from './settings.ts';

export { establishedSettingsFromEnv, ESTABLISHED_MODES, type EstablishedMode, type EstablishedSettings } from './settings.ts';
export type { EstablishedCut } from './outcome.ts';

/** Raised when the helpers could not cut the open connections; the caller rolls the fault back. */
export class EstablishedCutError extends NetpartError {
  override name = 'EstablishedCutError';
  constructor(message: string, options?: ErrorOptions) {
    super(ERROR_CODES.establishedCutFailed, message, options);
  }
}

/** What a cut needs: the mode, the fault, its target pods (full objects: node, IP) and its blocked pods. */
export interface CutInput {
  mode: 'drop' | 'reset';
  faultId: string;
  spec: Pick<PartitionSpec, 'ports' | 'direction'>;
  targets: V1Pod[];
  blocked: { namespace: string; ip?: string }[];
}

const planOf = (input: CutInput): CutPlan => ({
  mode: input.mode,
  faultId: input.faultId,
  namespace: input.targets[0]?.metadata?.namespace ?? '',
  targetIps: input.targets.flatMap((p) => (p.status?.podIP ? [p.status.podIP] : [])),
  peerIps: [...new Set(input.blocked.flatMap((p) => (p.ip ? [p.ip] : [])))].sort(),
  spec: input.spec,
});

// The fix a user needs for each refusal the apiserver can give a helper.
function refusalHint(mode: 'drop' | 'reset', where: string, settings: EstablishedSettings): string {
  return mode === 'reset'
    ? `reset adds an ephemeral container with NET_ADMIN to the target pods in ${where}: the caller needs RBAC "patch pods/ephemeralcontainers" ` +
        `there (manifests/established/) and the namespace's Pod Security level must allow NET_ADMIN (privileged); or use established=drop or keep`
    : `drop runs a hostNetwork pod with NET_ADMIN in namespace ${settings.helperNamespace}: apply manifests/established/ (namespace labelled ` +
        `pod-security.kubernetes.io/enforce=privileged, RBAC to create pods there), set NETPART_HELPER_NAMESPACE, or use established=reset or keep`;
}

/**
 * Asks the apiserver (server-side dry run: RBAC, Pod Security, quotas, the namespace's existence) whether the helpers
 * for this cut may be created; throws RefusedError with the apiserver's words and the fix. Creates nothing.
 */
export async function checkEstablishedAllowed(kube: Kube, input: CutInput, settings: EstablishedSettings): Promise<void> {
  const plan = planOf(input);
  const where = input.targets[0]?.metadata?.namespace ?? '';
  try {
    if (input.mode === 'reset') await Promise.all(input.targets.map((pod) => addResetContainer(kube, pod, plan, settings, { dryRun: true })));
    else await Promise.all(dropPods(input.targets, plan, settings).map((pod) => createDropPod(kube, pod, true)));
  } catch (error) {
    if (statusCode(error) === undefined) throw error;
    throw new RefusedError(
      `established=${input.mode} cannot be performed here: ${kubeErrorMessage(error)}. ${refusalHint(input.mode, where, settings)}`,
      'established-not-allowed',
      { cause: error },
    );
  }
}

/**
 * `reset` sees sockets from inside the pod, where a connection made through a Service still names the ClusterIP
 * (the node rewrites it): add those addresses, and their Service ports to a ports filter. `drop` needs neither: it
 * matches conntrack's reply source, which is the pod's own address.
 */
async function resetPlan(kube: Kube, plan: CutPlan, blocked: CutInput['blocked']): Promise<{ plan: CutPlan; warnings: string[] }> {
  const services = await blockedServices(kube, blocked);
  const ports = plan.spec.ports.flatMap((p) => [
    p,
    ...(services.portAliases.get(`${p.protocol}/${p.port}`) ?? []).map((alias) => ({ protocol: p.protocol, port: Number(alias.split('/')[1]) })),
  ]);
  const unique = [...new Map(ports.map((p) => [`${p.protocol}/${p.port}`, p])).values()];
  const warnings = services.unreadable.map(
    (ns) =>
      `established=reset: cannot list Services/EndpointSlices in ${ns} (RBAC: manifests/established/app grants it); sockets opened through a Service there are not found`,
  );
  return { plan: { ...plan, peerIps: [...new Set([...plan.peerIps, ...services.ips])], spec: { ...plan.spec, ports: unique } }, warnings };
}

/** Cuts the open connections between the targets and the blocked pods; the policy must already be in place. */
export async function cutEstablished(kube: Kube, input: CutInput, settings: EstablishedSettings): Promise<EstablishedCut> {
  const started = Date.now();
  if (planOf(input).peerIps.length === 0) return summarizeCut(input.mode, [], 0);
  try {
    const { plan, warnings } = input.mode === 'reset' ? await resetPlan(kube, planOf(input), input.blocked) : { plan: planOf(input), warnings: [] };
    const reports = input.mode === 'reset' ? await resetTargets(kube, input.targets, plan, settings) : await dropOnNodes(kube, input.targets, plan, settings);
    return { ...summarizeCut(input.mode, reports, Date.now() - started), ...(warnings.length ? { warnings } : {}) };
  } catch (error) {
    const detail = statusCode(error) === undefined ? (error as Error).message : kubeErrorMessage(error);
    throw new EstablishedCutError(`established=${input.mode}: cutting the open connections of fault ${input.faultId} failed: ${detail}`, { cause: error });
  }
}
