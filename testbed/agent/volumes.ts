// Pod volumes materialised as directories in the pod's run dir (configMap, secret, emptyDir, projected, downwardAPI, hostPath).
import type { V1Container, V1KeyToPath, V1Pod, V1Volume } from '@kubernetes/client-node';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Kube } from '../../runner/kube/client.ts';
import { fieldRefValue } from './env.ts';

/** One bind mount of a container's private mount namespace. */
export interface MountSpec {
  source: string;
  target: string;
  readOnly: boolean;
}

/** A volume that cannot be built yet (missing ConfigMap, token request refused); the pod stays ContainerCreating. */
export class VolumeError extends Error {
  override name = 'VolumeError';
}

type Files = Record<string, string | Buffer>;

function pick(data: Files, items: readonly V1KeyToPath[] | undefined, what: string): Files {
  if (!items || items.length === 0) return data;
  const out: Files = {};
  for (const item of items) {
    const value = data[item.key];
    if (value === undefined) throw new VolumeError(`${what} has no key "${item.key}"`);
    out[item.path] = value;
  }
  return out;
}

function writeFiles(dir: string, files: Files): void {
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** Builds volume contents from the API the way the kubelet does. */
export class VolumeBuilder {
  constructor(private readonly kube: Kube) {}

  private async configMap(ns: string, name: string, optional: boolean | undefined): Promise<Files> {
    try {
      const cm = await this.kube.core.readNamespacedConfigMap({ name, namespace: ns });
      const binary = Object.fromEntries(Object.entries(cm.binaryData ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
      return { ...(cm.data ?? {}), ...binary };
    } catch (error) {
      if (optional) return {};
      throw new VolumeError(`configmap ${ns}/${name} not found or unreadable`, { cause: error });
    }
  }

  private async secret(ns: string, name: string, optional: boolean | undefined): Promise<Files> {
    try {
      const s = await this.kube.core.readNamespacedSecret({ name, namespace: ns });
      return Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
    } catch (error) {
      if (optional) return {};
      throw new VolumeError(`secret ${ns}/${name} not found or unreadable`, { cause: error });
    }
  }

  private async token(pod: V1Pod, audience: string | undefined, expirationSeconds: number | undefined): Promise<string> {
    const sa = pod.spec?.serviceAccountName ?? 'default';
    try {
      const res = await this.kube.core.createNamespacedServiceAccountToken({
        name: sa,
        namespace: pod.metadata?.namespace ?? 'default',
        body: {
          spec: {
            audiences: audience ? [audience] : [],
            expirationSeconds: expirationSeconds ?? 3607,
            boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata?.name, uid: pod.metadata?.uid },
          },
        },
      });
      return res.status?.token ?? '';
    } catch (error) {
      throw new VolumeError(`token request for serviceaccount ${sa} failed`, { cause: error });
    }
  }

  private async contents(pod: V1Pod, volume: V1Volume, ips: { podIP: string; hostIP: string }): Promise<Files | string> {
    const ns = pod.metadata?.namespace ?? 'default';
    if (volume.configMap)
      return pick(
        await this.configMap(ns, volume.configMap.name ?? '', volume.configMap.optional),
        volume.configMap.items,
        `configmap ${volume.configMap.name}`,
      );
    if (volume.secret)
      return pick(await this.secret(ns, volume.secret.secretName ?? '', volume.secret.optional), volume.secret.items, `secret ${volume.secret.secretName}`);
    if (volume.emptyDir) return {};
    if (volume.hostPath) return volume.hostPath.path;
    if (volume.downwardAPI) {
      return Object.fromEntries((volume.downwardAPI.items ?? []).map((i) => [i.path, i.fieldRef ? fieldRefValue(pod, i.fieldRef.fieldPath, ips) : '']));
    }
    if (volume.projected) {
      let files: Files = {};
      for (const source of volume.projected.sources ?? []) {
        if (source.serviceAccountToken)
          files[source.serviceAccountToken.path] = await this.token(pod, source.serviceAccountToken.audience, source.serviceAccountToken.expirationSeconds);
        if (source.configMap)
          files = {
            ...files,
            ...pick(
              await this.configMap(ns, source.configMap.name ?? '', source.configMap.optional),
              source.configMap.items,
              `configmap ${source.configMap.name}`,
            ),
          };
        if (source.secret)
          files = {
            ...files,
            ...pick(await this.secret(ns, source.secret.name ?? '', source.secret.optional), source.secret.items, `secret ${source.secret.name}`),
          };
        for (const i of source.downwardAPI?.items ?? []) files[i.path] = i.fieldRef ? fieldRefValue(pod, i.fieldRef.fieldPath, ips) : '';
      }
      return files;
    }
    throw new VolumeError(
      `volume "${volume.name}" has a type the testbed does not support (configMap, secret, emptyDir, projected, downwardAPI, hostPath are)`,
    );
  }

  /** Writes every volume of the pod under `podDir/volumes/<name>`; returns volume name → host directory. */
  async build(pod: V1Pod, podDir: string, ips: { podIP: string; hostIP: string }): Promise<Map<string, string>> {
    const dirs = new Map<string, string>();
    for (const volume of pod.spec?.volumes ?? []) {
      const contents = await this.contents(pod, volume, ips);
      if (typeof contents === 'string') {
        dirs.set(volume.name, contents);
        continue;
      }
      const dir = join(podDir, 'volumes', volume.name);
      writeFiles(dir, contents);
      // The kubelet makes emptyDir world-writable, so a container running as any user can use it.
      if (volume.emptyDir) chmodSync(dir, 0o777);
      dirs.set(volume.name, dir);
    }
    return dirs;
  }
}

/** The container's bind mounts: its volumeMounts (with subPath) in path order so nested mounts land on top. */
export function containerMounts(container: V1Container, volumeDirs: ReadonlyMap<string, string>): MountSpec[] {
  const mounts = (container.volumeMounts ?? []).map((m) => {
    const dir = volumeDirs.get(m.name);
    if (dir === undefined) throw new VolumeError(`container ${container.name} mounts unknown volume "${m.name}"`);
    return { source: m.subPath ? join(dir, m.subPath) : dir, target: m.mountPath, readOnly: m.readOnly ?? false };
  });
  return mounts.sort((a, b) => a.target.length - b.target.length);
}
