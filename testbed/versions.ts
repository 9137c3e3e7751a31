// The version of every component the testbed builds and runs, pinned here and nowhere else: the build scripts in
// testbed/go/ take theirs as arguments, and each cache dir is named after its version (bin/<kubernetes version>,
// bin/kube-router-<version>, …), so a version changed here builds once into a new dir and leaves the old one alone.
import { z } from 'zod';

/** Raised when a version override variable holds something that is not a version. */
export class VersionConfigError extends Error {
  override name = 'VersionConfigError';
}

const VERSION = z.string().regex(/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);

/** `variable`'s value when set (a bench/dev knob for trying another version), else the pinned `version`. */
function versionFromEnv(variable: string, version: string): string {
  const raw = process.env[variable];
  if (!raw) return version;
  const parsed = VERSION.safeParse(raw);
  if (!parsed.success) throw new VersionConfigError(`${variable} "${raw}" is not a version like ${version}; unset it for ${version}`, { cause: parsed.error });
  return parsed.data;
}

/** kube-apiserver, kube-controller-manager and kube-proxy (etcd: the version that Kubernetes release requires). */
export const K8S_VERSION = versionFromEnv('TESTBED_K8S_VERSION', 'v1.36.3');

/** kube-router, the default NetworkPolicy enforcer: the only kube-router/v2 version the Go module proxy serves (docs/dataplane.md). */
export const KUBE_ROUTER_VERSION = versionFromEnv('TESTBED_KUBE_ROUTER_VERSION', 'v2.1.0');

/** Calico's Felix (`--enforcer calico`): v3.28.4 + 11 commits on release-v3.28, the one commit the module proxy serves. */
export const CALICO_VERSION = 'v3.28.4-11-ga0db560f05';

/** The Go module version of github.com/projectcalico/calico at that commit (its v3.x tags are not valid versions of that path). */
export const CALICO_MODULE_VERSION = 'v1.11.0-cni-plugin.0.20250813170300-a0db560f0520';

/** CoreDNS, the cluster DNS (a minimal build: testbed/go/coredns/main.go). */
export const COREDNS_VERSION = versionFromEnv('TESTBED_COREDNS_VERSION', 'v1.15.0');

/** nats-server, run for `nats` images (the demo app): newer than every fix in the NATS advisories found (latest fixed in v2.14.3). */
export const NATS_VERSION = versionFromEnv('NATS_SERVER_VERSION', 'v2.15.2');
