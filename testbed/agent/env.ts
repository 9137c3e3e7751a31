// Container environment as the kubelet builds it: env, envFrom, fieldRef/configMapKeyRef/secretKeyRef, $(VAR) expansion.
import type { V1Container, V1Pod } from '@kubernetes/client-node';

/** Reads ConfigMap/Secret data for env resolution; undefined when the object does not exist. */
export interface EnvSources {
  configMap(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  secret(namespace: string, name: string): Promise<Record<string, string> | undefined>;
}

/** A reference the pod's env needs that cannot be resolved (the kubelet reports CreateContainerConfigError). */
export class EnvResolutionError extends Error {
  override name = 'EnvResolutionError';
}

/** Kubernetes $(VAR) expansion: $$ escapes, unknown references stay literal. */
export function expandVars(value: string, vars: Readonly<Record<string, string>>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && Object.hasOwn(vars, name) ? (vars[name] as string) : match;
  });
}

/** Value of a downward-API fieldRef; `podIP`/`hostIP` come from the agent because status may not carry them yet. */
export function fieldRefValue(pod: V1Pod, fieldPath: string, ips: { podIP: string; hostIP: string }): string {
  const annotation = /^metadata\.annotations\['(.+)'\]$/.exec(fieldPath);
  if (annotation) return pod.metadata?.annotations?.[annotation[1] as string] ?? '';
  const label = /^metadata\.labels\['(.+)'\]$/.exec(fieldPath);
  if (label) return pod.metadata?.labels?.[label[1] as string] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata?.name ?? '';
    case 'metadata.namespace':
      return pod.metadata?.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata?.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP':
    case 'status.podIPs':
      return ips.podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return ips.hostIP;
    default:
      throw new EnvResolutionError(`unsupported fieldRef.fieldPath "${fieldPath}" in pod ${pod.metadata?.namespace}/${pod.metadata?.name}`);
  }
}

function required(data: Record<string, string> | undefined, what: string, key: string | undefined, optional: boolean | undefined): string | undefined {
  if (data === undefined || (key !== undefined && !Object.hasOwn(data, key))) {
    if (optional) return undefined;
    throw new EnvResolutionError(`${what}${key !== undefined ? ` key "${key}"` : ''} not found`);
  }
  return key !== undefined ? data[key] : undefined;
}

/** The container's own variables (envFrom then env, later wins), with $(VAR) expanded against `base` and earlier ones. */
export async function resolveContainerEnv(
  pod: V1Pod,
  container: V1Container,
  sources: EnvSources,
  ips: { podIP: string; hostIP: string },
  base: Readonly<Record<string, string>>,
): Promise<Record<string, string>> {
  const ns = pod.metadata?.namespace ?? 'default';
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    if (!ref) continue;
    const data = from.configMapRef ? await sources.configMap(ns, ref.name ?? '') : await sources.secret(ns, ref.name ?? '');
    if (data === undefined && !ref.optional) throw new EnvResolutionError(`envFrom ${kind} ${ns}/${ref.name} not found`);
    for (const [k, v] of Object.entries(data ?? {})) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const item of container.env ?? []) {
    const scope = { ...base, ...env };
    let value: string | undefined;
    if (item.value !== undefined) value = expandVars(item.value, scope);
    else if (item.valueFrom?.fieldRef) value = fieldRefValue(pod, item.valueFrom.fieldRef.fieldPath, ips);
    else if (item.valueFrom?.configMapKeyRef) {
      const r = item.valueFrom.configMapKeyRef;
      value = required(await sources.configMap(ns, r.name ?? ''), `ConfigMap ${ns}/${r.name}`, r.key, r.optional);
    } else if (item.valueFrom?.secretKeyRef) {
      const r = item.valueFrom.secretKeyRef;
      value = required(await sources.secret(ns, r.name ?? ''), `Secret ${ns}/${r.name}`, r.key, r.optional);
    } else if (item.valueFrom?.resourceFieldRef) value = '0';
    else value = '';
    if (value !== undefined) env[item.name] = value;
  }
  return env;
}
