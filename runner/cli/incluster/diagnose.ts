// Pure diagnosis of why a runner pod is not running yet, with the fix a user can act on.
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';

/** One reason the Job's pod is not running; `fatal` means waiting longer will not help. */
export interface Diagnosis {
  reason: string;
  message: string;
  fix: string;
  fatal: boolean;
}

const IMAGE_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);
const CONFIG_REASONS = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

/** Looks at the pod's container states and the pod's and Job's events; most specific problem first. */
export function diagnose(pod: V1Pod | undefined, podEvents: CoreV1Event[], jobEvents: CoreV1Event[]): Diagnosis[] {
  const found: Diagnosis[] = [];
  for (const event of jobEvents) {
    if (event.reason !== 'FailedCreate') continue;
    const message = event.message ?? '';
    const fix = /PodSecurity|violates PodSecurity/i.test(message)
      ? 'the namespace enforces a Pod Security level the runner pod does not meet: check the namespace labels pod-security.kubernetes.io/* (the runner pod passes "restricted")'
      : /serviceaccount/i.test(message)
        ? 'the ServiceAccount is missing: apply the RBAC manifests (kubectl apply -k manifests/overlays/<yours>) in this namespace, or pass --service-account'
        : /forbidden|quota/i.test(message)
          ? 'the Job controller may not create this pod (quota, admission or RBAC): read the message, fix the namespace policy, then rerun'
          : 'read the message; the Job controller could not create the pod';
    found.push({ reason: 'FailedCreate', message, fix, fatal: true });
  }
  for (const status of [...(pod?.status?.initContainerStatuses ?? []), ...(pod?.status?.containerStatuses ?? [])]) {
    const waiting = status.state?.waiting;
    if (!waiting?.reason) continue;
    if (IMAGE_REASONS.has(waiting.reason)) {
      found.push({
        reason: waiting.reason,
        message: `container ${status.name}: ${waiting.message ?? waiting.reason} (image ${status.image})`,
        fix: 'check the image name and tag (--image / NETPART_IMAGE), push the image or load it into the cluster (kind load docker-image …), and give the namespace an imagePullSecret if the registry is private',
        // ErrImagePull may be a transient registry hiccup; the kubelet turns a lasting one into ImagePullBackOff
        fatal: waiting.reason !== 'ErrImagePull' && waiting.reason !== 'RegistryUnavailable',
      });
    } else if (CONFIG_REASONS.has(waiting.reason)) {
      found.push({
        reason: waiting.reason,
        message: `container ${status.name}: ${waiting.message ?? waiting.reason}`,
        fix: 'a ConfigMap, Secret or ServiceAccount the pod refers to is missing or invalid; read the message',
        fatal: waiting.reason === 'CreateContainerConfigError',
      });
    }
  }
  const unschedulable = pod?.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  const scheduleEvent = [...podEvents].reverse().find((e) => e.reason === 'FailedScheduling');
  if (unschedulable || scheduleEvent) {
    found.push({
      reason: 'Unschedulable',
      message: scheduleEvent?.message ?? unschedulable?.message ?? 'no node can run the pod',
      fix: 'no node fits the pod (resources, taints, node selectors): free capacity or add a node; the runner requests 50m CPU and 64Mi memory',
      fatal: false,
    });
  }
  return found;
}

/** A one-line progress description of a pod that has not started. */
export function pendingSummary(pod: V1Pod | undefined): string {
  if (!pod) return 'waiting for the Job controller to create the pod';
  const waiting = pod.status?.containerStatuses?.find((s) => s.state?.waiting)?.state?.waiting;
  if (!pod.spec?.nodeName) return `pod ${pod.metadata?.name} is waiting to be scheduled`;
  return `pod ${pod.metadata?.name} on ${pod.spec.nodeName}: ${waiting?.reason ?? pod.status?.phase ?? 'Pending'}`;
}
