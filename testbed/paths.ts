// Where the testbed keeps its binaries, its state file and its per-run temp dirs.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { K8S_VERSION } from './versions.ts';

/** Cache root outside the repo: binaries by version, state.json, run dirs. */
export const CACHE_DIR = process.env.TESTBED_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'netpart-testbed');

/** Directory holding etcd, kube-apiserver, kube-controller-manager and kube-proxy for K8S_VERSION. */
export const BIN_DIR = join(CACHE_DIR, 'bin', K8S_VERSION);

/** The one state file describing the running testbed (pids, ports, dir). */
export const STATE_FILE = join(CACHE_DIR, 'state.json');

/** Repository root (this file is testbed/paths.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The testbed's Go sources and build scripts. */
export const GO_DIR = join(REPO_ROOT, 'testbed', 'go');

/** The node agent's entry point; `up` runs it with `node --import tsx`. */
export const AGENT_MAIN = join(REPO_ROOT, 'testbed', 'agent', 'main.ts');

/** The Go build script that fills BIN_DIR. */
export const BUILD_SCRIPT = join(GO_DIR, 'build.sh');

/** Name of the fake node the agent registers. */
export const NODE_NAME = 'testbed-node';

/** kubeconfig context/cluster name; run.ts uses it to recognise a testbed kubeconfig. */
export const CONTEXT_NAME = 'netpart-testbed';
