// The parts of a container's securityContext the agent applies, as the kubelet and runtime would: user, groups,
// no_new_privs and a read-only root filesystem (the rest — capabilities, seccomp — are admitted but not applied).
import type { V1Container, V1Pod } from '@kubernetes/client-node';

/** Who the container's process runs as and how its root filesystem is mounted. */
export interface ContainerIdentity {
  /** undefined: stay root (the image default of images without USER). */
  uid?: number;
  gid?: number;
  /** Supplementary groups: the pod's fsGroup and supplementalGroups. */
  groups: number[];
  noNewPrivs: boolean;
  readOnlyRootFilesystem: boolean;
}

/** The kubelet refuses to start the container (CreateContainerConfigError); the message is the kubelet's. */
export class SecurityContextError extends Error {
  override name = 'SecurityContextError';
}

/**
 * Merges the pod and container securityContext (the container wins) with the image's USER. Like the kubelet,
 * runAsNonRoot with a root (or unknown-root) user is refused instead of silently running as root.
 */
export function containerIdentity(pod: V1Pod, container: V1Container, imageUser?: { uid: number; gid: number }): ContainerIdentity {
  const p = pod.spec?.securityContext ?? {};
  const c = container.securityContext ?? {};
  const uid = c.runAsUser ?? p.runAsUser ?? imageUser?.uid;
  // Without runAsGroup the runtime takes the image's group (our images: USER 65532:65532), else 0.
  const gid = c.runAsGroup ?? p.runAsGroup ?? imageUser?.gid ?? 0;
  const runAsNonRoot = c.runAsNonRoot ?? p.runAsNonRoot ?? false;
  if (runAsNonRoot && (uid === undefined || uid === 0)) {
    throw new SecurityContextError(
      uid === 0
        ? 'container has runAsNonRoot and image will run as root'
        : `container has runAsNonRoot and image has non-numeric user (or none), cannot verify user is non-root (pod: "${pod.metadata?.name}", container: ${container.name})`,
    );
  }
  const groups = [...(p.fsGroup !== undefined ? [p.fsGroup] : []), ...(p.supplementalGroups ?? [])];
  return {
    ...(uid !== undefined && uid !== 0 ? { uid, gid } : {}),
    groups,
    noNewPrivs: c.allowPrivilegeEscalation === false,
    readOnlyRootFilesystem: c.readOnlyRootFilesystem ?? false,
  };
}
