// Image → local command table: what a container of a given image runs on this machine instead of a real image.
import { basename, dirname, join } from 'node:path';
import { CACHE_DIR, REPO_ROOT } from './paths.ts';
import { COREDNS_VERSION, NATS_VERSION } from './versions.ts';

/** How to run one image locally: its ENTRYPOINT/CMD as the Dockerfile declares them, plus host stand-ins. */
export interface ImageRuntime {
  /** Short name for messages and tests. */
  kind: 'bundle' | 'node' | 'nats' | 'coredns' | 'tools' | 'idle';
  entrypoint: readonly string[];
  cmd: readonly string[];
  /** Host directories bound into the container's mount namespace at image paths (e.g. the bundles at /app). */
  mounts: readonly { source: string; target: string }[];
  /** argv[0] rewrites: a binary path inside the image → the host binary that plays its role. */
  binaries: Readonly<Record<string, string>>;
  /** When true the pod's command/args are ignored: the image has no local equivalent, so it just idles. */
  idle: boolean;
  /** The image's USER (numeric), when it is not root: the process runs as it unless the securityContext says otherwise. */
  user?: { uid: number; gid: number };
}

/**
 * Where host binaries of an image are bound inside the container. The build cache may sit under a directory other
 * users cannot enter (/root is 0700), so a non-root container could not exec it at its host path.
 */
export const IMAGE_BIN_DIR = '/run/netpart-image';

/** The mount and the in-container path for a host binary that plays an image's program. */
function imageBinary(name: string, hostBinary: string): { mount: { source: string; target: string }; path: string } {
  return { mount: { source: dirname(hostBinary), target: `${IMAGE_BIN_DIR}/${name}` }, path: `${IMAGE_BIN_DIR}/${name}/${basename(hostBinary)}` };
}

// Every spelling of "the node binary" an image's ENTRYPOINT or a pod's command may use.
const NODE_BINARIES: Record<string, string> = {
  node: process.execPath,
  '/nodejs/bin/node': process.execPath,
  '/usr/local/bin/node': process.execPath,
  '/usr/bin/node': process.execPath,
};

/** Where the images' Dockerfiles put the esbuild bundles; the repo's dist/ is bound there. */
export const APP_DIR = '/app';

/** An image of this repo built from images/<dir>/Dockerfile: distroless node + bundles under /app. */
export interface BundleImage {
  /** Repository suffix that identifies the image whatever the registry/org (`netpart/runner`). */
  repository: string;
  /** images/<dockerfileDir>/Dockerfile declares the same ENTRYPOINT/CMD (checked by images.test.ts). */
  dockerfileDir: string;
  runtime: ImageRuntime;
}

// The images' Dockerfiles end with USER 65532:65532 (distroless nonroot; checked by images.test.ts).
function bundleRuntime(entrypoint: string[], cmd: string[]): ImageRuntime {
  return {
    kind: 'bundle',
    entrypoint,
    cmd,
    mounts: [{ source: join(REPO_ROOT, 'dist'), target: APP_DIR }],
    binaries: NODE_BINARIES,
    idle: false,
    user: { uid: 65532, gid: 65532 },
  };
}

/** The repo's own images. */
export const BUNDLE_IMAGES: readonly BundleImage[] = [
  { repository: 'netpart/runner', dockerfileDir: 'runner', runtime: bundleRuntime(['/nodejs/bin/node'], [`${APP_DIR}/runner/main.cjs`]) },
  { repository: 'netpart/api', dockerfileDir: 'api', runtime: bundleRuntime(['/nodejs/bin/node', `${APP_DIR}/api/main.mjs`], ['--port', '8080']) },
  // The frontend is the default CMD; a worker container picks its bundle with args: ["/app/demo/worker.mjs"].
  { repository: 'netpart/demo-app', dockerfileDir: 'demo-app', runtime: bundleRuntime(['/nodejs/bin/node'], [`${APP_DIR}/demo/frontend.mjs`]) },
];

/** Where testbed/go/nats/build-nats.sh puts the pinned version's binary. */
export const NATS_BINARY = join(CACHE_DIR, 'bin', `nats-${NATS_VERSION}`, 'nats-server');

const NATS_IN_IMAGE = imageBinary('nats', NATS_BINARY);

/**
 * The official nats image (any tag): nats-server built from source stands in for it. Unlike the image there is
 * no baked-in config file, so a pod without command/args gets nats-server's defaults (client port 4222).
 */
export const NATS_IMAGE: ImageRuntime = {
  kind: 'nats',
  entrypoint: ['nats-server'],
  cmd: [],
  mounts: [NATS_IN_IMAGE.mount],
  binaries: Object.fromEntries(['nats-server', '/nats-server', '/usr/local/bin/nats-server', '/bin/nats-server'].map((p) => [p, NATS_IN_IMAGE.path])),
  idle: false,
};

/** Where testbed/go/coredns/build.sh puts the pinned version's (minimal, cluster-DNS-only) binary. */
export const COREDNS_BINARY = join(CACHE_DIR, 'bin', `coredns-${COREDNS_VERSION}`, 'coredns');

const COREDNS_IN_IMAGE = imageBinary('coredns', COREDNS_BINARY);

/** The CoreDNS image (registry.k8s.io/coredns/coredns, any tag): ENTRYPOINT ["/coredns"], no CMD, as upstream. */
export const COREDNS_IMAGE: ImageRuntime = {
  kind: 'coredns',
  entrypoint: ['/coredns'],
  cmd: [],
  mounts: [COREDNS_IN_IMAGE.mount],
  binaries: { '/coredns': COREDNS_IN_IMAGE.path, coredns: COREDNS_IN_IMAGE.path },
  idle: false,
};

/** The in-image path of the tools image's entrypoint (images/tools/Dockerfile COPYs the script there). */
export const TOOLS_ENTRYPOINT = '/usr/local/bin/netpart-cut';

/** The repo directory holding the tools image's script; bound read-only at `${IMAGE_BIN_DIR}/tools`. */
export const TOOLS_SOURCE_DIR = join(REPO_ROOT, 'images', 'tools');

const TOOLS_IN_IMAGE = imageBinary('tools', join(TOOLS_SOURCE_DIR, 'netpart-cut'));

/**
 * netpart's privileged helper image (`netpart/tools`, any registry/tag): ENTRYPOINT netpart-cut, no CMD, root (no
 * USER). Only the script comes from the repo; `sh`, `ss`, `conntrack`, `ip` are the host's, as the image installs
 * the same Debian packages (iproute2, conntrack).
 */
export const TOOLS_IMAGE: ImageRuntime = {
  kind: 'tools',
  entrypoint: [TOOLS_ENTRYPOINT],
  cmd: [],
  mounts: [TOOLS_IN_IMAGE.mount],
  binaries: { [TOOLS_ENTRYPOINT]: TOOLS_IN_IMAGE.path, 'netpart-cut': TOOLS_IN_IMAGE.path },
  idle: false,
};

/** The official node image: CMD ["node"]; the pod usually gives its own command. */
export const NODE_IMAGE: ImageRuntime = { kind: 'node', entrypoint: [], cmd: ['node'], mounts: [], binaries: NODE_BINARIES, idle: false };

/** Any other image: an idle process, like the pause container, so the pod still gets Running with an IP. */
export const IDLE_IMAGE: ImageRuntime = { kind: 'idle', entrypoint: ['sleep'], cmd: ['infinity'], mounts: [], binaries: {}, idle: true };

/** Repository path of an image reference without registry, tag or digest: `ghcr.io/x/netpart/runner:1` → `x/netpart/runner`. */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0] ?? image;
  const parts = noDigest.split('/');
  const first = parts[0] ?? '';
  // A first segment with a dot, a colon or "localhost" is a registry host, not part of the repository.
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) parts.shift();
  const last = parts.pop() ?? '';
  parts.push(last.split(':')[0] ?? last);
  return parts.join('/');
}

/** The runtime for an image reference. */
export function imageRuntime(image: string): ImageRuntime {
  const repo = imageRepository(image);
  const bundle = BUNDLE_IMAGES.find((b) => repo === b.repository || repo.endsWith(`/${b.repository}`));
  if (bundle) return bundle.runtime;
  if (repo === 'netpart/tools' || repo.endsWith('/netpart/tools')) return TOOLS_IMAGE;
  if (repo === 'node' || repo === 'library/node' || repo.endsWith('/node')) return NODE_IMAGE;
  if (repo === 'nats' || repo === 'library/nats') return NATS_IMAGE;
  if (repo === 'coredns/coredns' || repo.endsWith('/coredns/coredns')) return COREDNS_IMAGE;
  return IDLE_IMAGE;
}

/** Kubernetes argv rules: command replaces ENTRYPOINT (and drops CMD), args replace CMD; then host binaries stand in. */
export function containerArgv(runtime: ImageRuntime, command: readonly string[] | undefined, args: readonly string[] | undefined): string[] {
  if (runtime.idle) return [...runtime.entrypoint, ...runtime.cmd];
  const argv = command && command.length > 0 ? [...command, ...(args ?? [])] : [...runtime.entrypoint, ...(args && args.length > 0 ? args : runtime.cmd)];
  const first = argv[0];
  if (first !== undefined && runtime.binaries[first]) argv[0] = runtime.binaries[first];
  return argv;
}
