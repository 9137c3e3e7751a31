// The helpers as Kubernetes objects (pure): the `reset` ephemeral container and the `drop` hostNetwork pod.
import type { V1EphemeralContainer, V1EnvVar, V1Pod, V1SecurityContext } from '@kubernetes/client-node';
import { LABEL_FAULT_ID, LABEL_MANAGED_BY, MANAGER } from '../labels.ts';
import type { PartitionSpec } from '../spec.ts';
import type { EstablishedSettings } from './settings.ts';

/** Label on every helper pod, with the mode as value; the sweep finds leftovers by it. */
export const LABEL_HELPER = 'netpart.dev/helper';
/** Label on a helper pod naming the namespace of the fault it cuts for (helpers of many namespaces share one). */
export const LABEL_FAULT_NAMESPACE = 'netpart.dev/fault-namespace';

/** Who runs where and what to cut: target pod IPs, blocked peer IPs, the spec's ports and direction. */
export interface CutPlan {
  mode: 'drop' | 'reset';
  faultId: string;
  /** Namespace of the fault (and its target pods); labelled on drop helpers so each namespace finds its own. */
  namespace?: string;
  targetIps: string[];
  peerIps: string[];
  spec: Pick<PartitionSpec, 'ports' | 'direction'>;
}

// Root is needed only because Kubernetes has no ambient capabilities: a non-root process would not hold NET_ADMIN.
// Everything else a restricted container drops stays dropped.
const NET_ADMIN_ONLY: V1SecurityContext = {
  runAsUser: 0,
  runAsNonRoot: false,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** The env netpart-cut reads (images/tools/netpart-cut). */
export function cutEnv(plan: CutPlan, settings: Pick<EstablishedSettings, 'settleMs' | 'intervalMs'>): V1EnvVar[] {
  return [
    { name: 'CUT_MODE', value: plan.mode },
    { name: 'CUT_TARGET_IPS', value: plan.targetIps.join(' ') },
    { name: 'CUT_PEER_IPS', value: plan.peerIps.join(' ') },
    { name: 'CUT_PORTS', value: plan.spec.ports.map((p) => `${p.protocol}/${p.port}`).join(' ') },
    { name: 'CUT_DIRECTION', value: plan.spec.direction },
    { name: 'CUT_SETTLE_MS', value: String(settings.settleMs) },
    { name: 'CUT_INTERVAL_MS', value: String(settings.intervalMs) },
  ];
}

/** A fresh name per cut: ephemeral containers can never be removed or reused, and a fault may be cut twice. */
export function resetContainerName(faultId: string, now: number = Date.now()): string {
  return `netpart-reset-${faultId}-${now.toString(36)}`;
}

/** The ephemeral container that destroys the target pod's sockets to the peers, inside the pod's network namespace. */
export function resetContainer(plan: CutPlan, name: string, settings: EstablishedSettings): V1EphemeralContainer {
  return {
    name,
    image: settings.image,
    imagePullPolicy: 'IfNotPresent',
    env: cutEnv(plan, settings),
    securityContext: NET_ADMIN_ONLY,
    terminationMessagePolicy: 'File',
  };
}

/** The one-shot pod on `nodeName`'s network namespace that deletes the conntrack entries of the targets there. */
export function dropPod(plan: CutPlan, nodeName: string, index: number, settings: EstablishedSettings): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `netpart-drop-${plan.faultId}-${index}`,
      namespace: settings.helperNamespace,
      labels: {
        [LABEL_MANAGED_BY]: MANAGER,
        [LABEL_HELPER]: 'drop',
        [LABEL_FAULT_ID]: plan.faultId,
        ...(plan.namespace ? { [LABEL_FAULT_NAMESPACE]: plan.namespace } : {}),
      },
      annotations: { 'netpart.dev/node': nodeName },
    },
    spec: {
      nodeName,
      hostNetwork: true,
      restartPolicy: 'Never',
      // A backstop: the helper ends by itself after settleMs; nothing of it may run on if we die.
      activeDeadlineSeconds: Math.ceil(settings.settleMs / 1000) + 60,
      terminationGracePeriodSeconds: 1,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      // The targets' node may be tainted (GPU nodes usually are); the helper must run exactly there.
      tolerations: [{ operator: 'Exists' }],
      containers: [
        {
          name: 'cut',
          image: settings.image,
          imagePullPolicy: 'IfNotPresent',
          env: cutEnv(plan, settings),
          securityContext: NET_ADMIN_ONLY,
          terminationMessagePolicy: 'File',
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
        },
      ],
    },
  };
}
