// Where the testbed keeps its binaries, its state file and its per-run temp dirs.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Kubernetes version the testbed builds and runs; override with TESTBED_K8S_VERSION. */
export const K8S_VERSION = process.env.TESTBED_K8S_VERSION ?? 'v1.36.3';

/** Cache root outside the repo: binaries by version, state.json, run dirs. */
export const CACHE_DIR = process.env.TESTBED_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'netpart-testbed');

/** Directory holding etcd, kube-apiserver and kube-controller-manager for K8S_VERSION. */
export const BIN_DIR = join(CACHE_DIR, 'bin', K8S_VERSION);

/** The one state file describing the running testbed (pids, ports, dir). */
export const STATE_FILE = join(CACHE_DIR, 'state.json');

/** Repository root (this file is test/testbed/paths.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Go build script that fills BIN_DIR. */
export const BUILD_SCRIPT = join(REPO_ROOT, 'test', 'cluster', 'go', 'build.sh');

/** Name of the fake node the agent registers. */
export const NODE_NAME = 'testbed-node';

/** kubeconfig context/cluster name; run.ts uses it to recognise a testbed kubeconfig. */
export const CONTEXT_NAME = 'netpart-testbed';
