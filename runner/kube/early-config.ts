// Loads the credentials for the runner's first request the way client-node would (loadKubeConfig in config.ts), for the
// plain cases only: the in-cluster ServiceAccount, or one kubeconfig with a token and/or client certificate. Anything
// else (exec plugins, auth providers, proxies, basic auth, impersonation, merged KUBECONFIG lists, an invalid file)
// is left to client-node, which then loads, refuses or reports it exactly as before.
import { accessSync, existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { EarlyConnection } from './early-request.ts';

/** The ServiceAccount mount client-node reads in a pod. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A connection, or why client-node has to load this config (for a debug line; never contains a secret). */
export type EarlyConfig = { connection: EarlyConnection } | { unsupported: string };

// The shape checks are by hand, not zod: in the split runner bundle zod's core is shared with the rest of the runner,
// so importing it here would move ~420 KiB into the first chunk. They only decide whether this loader takes the
// config: anything unexpected goes to client-node, whose own errors name the field.
type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (o: Fields, key: string): string | undefined => (typeof o[key] === 'string' ? o[key] : undefined);
/** The entry of a kubeconfig list (`clusters`, `contexts`, `users`) with this name, as `{name, <field>: {...}}`. */
const named = (config: Fields, list: string, field: string, name: unknown): Fields | undefined => {
  const entries = config[list];
  if (!Array.isArray(entries) || typeof name !== 'string') return undefined;
  const entry: unknown = entries.find((e: unknown) => isObject(e) && e.name === name);
  return isObject(entry) && isObject(entry[field]) ? entry[field] : undefined;
};
// Fields whose type must be a string when present (else client-node decides what the file means).
const STRING_FIELDS = {
  cluster: ['server', 'certificate-authority', 'certificate-authority-data', 'tls-server-name', 'proxy-url'],
  user: ['token', 'token-file', 'client-certificate', 'client-certificate-data', 'client-key', 'client-key-data'],
  context: ['cluster', 'user', 'namespace'],
};
// User fields whose auth only client-node implements.
const USER_NEEDS_CLIENT_NODE = ['exec', 'auth-provider', 'username', 'password', 'as', 'as-groups', 'as-user-extra'];
const badField = (o: Fields, keys: string[]): string | undefined => keys.find((k) => o[k] !== undefined && o[k] !== null && typeof o[k] !== 'string');

/** File wins over inline data, as in client-node (bufferFromFileOrString); relative paths are from the kubeconfig's directory. */
const fileOrData = (dir: string, file: string | undefined, data: string | undefined): Buffer | undefined => {
  if (file) return readFileSync(isAbsolute(file) ? file : join(dir, file));
  return data ? Buffer.from(data, 'base64') : undefined;
};

/** The in-cluster connection: KUBERNETES_SERVICE_HOST/PORT and the ServiceAccount's token, CA and namespace. */
export function inClusterConnection(env: NodeJS.ProcessEnv, saDir = SERVICE_ACCOUNT_DIR): EarlyConnection {
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT ?? '';
  // client-node's loadFromCluster: plain HTTP on the usual insecure ports, brackets around IPv6
  const scheme = port === '80' || port === '8080' || port === '8001' ? 'http' : 'https';
  const server = `${scheme}://${isIPv6(host) ? `[${host}]` : host}:${port}`;
  const namespaceFile = join(saDir, 'namespace');
  const namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : '';
  return new EarlyConnection({
    server,
    namespace: namespace || 'default',
    inCluster: true,
    token: readFileSync(join(saDir, 'token'), 'utf8'),
    ca: readFileSync(join(saDir, 'ca.crt')),
    insecureSkipTlsVerify: false,
  });
}

/** Reads one kubeconfig file (JSON, or YAML through the `yaml` package, loaded only then). */
async function kubeconfigConnection(file: string): Promise<EarlyConfig> {
  const source = readFileSync(file, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch {
    const { parseYaml } = await import('./yaml-parse.ts');
    raw = parseYaml(source);
  }
  if (!isObject(raw)) return { unsupported: `kubeconfig ${file} is not a mapping` };
  const context = named(raw, 'contexts', 'context', raw['current-context']);
  const cluster = context && named(raw, 'clusters', 'cluster', context.cluster);
  const user = context && named(raw, 'users', 'user', context.user);
  // without a user client-node applies no TLS settings at all: that quirk stays client-node's
  if (!context || !cluster || !user) return { unsupported: `kubeconfig ${file}: the current context, its cluster or its user is missing` };
  for (const [what, o] of [
    ['cluster', cluster],
    ['user', user],
    ['context', context],
  ] as const) {
    const bad = badField(o, STRING_FIELDS[what]);
    if (bad) return { unsupported: `kubeconfig ${file}: ${what}.${bad} is not a string` };
  }
  const needs = USER_NEEDS_CLIENT_NODE.find((k) => user[k] !== undefined && user[k] !== null);
  if (needs) return { unsupported: `the user authenticates with ${needs}` };
  if (cluster['proxy-url']) return { unsupported: 'the cluster is reached through a proxy' };
  if (typeof cluster.server !== 'string' || !cluster.server) return { unsupported: `kubeconfig ${file}: cluster.server is missing` };
  const server = cluster.server.replace(/\/$/, '');
  const insecure = cluster['insecure-skip-tls-verify'] === true;
  // client-node refuses plain HTTP unless the kubeconfig skips TLS verification: let it say so
  if (server.startsWith('http:') && !insecure) return { unsupported: 'plain HTTP without insecure-skip-tls-verify' };
  const dir = dirname(file);
  const tokenFile = optionalString(user, 'token-file');
  // client-node reads a token file as is (a trailing newline makes an invalid header there too)
  const token = optionalString(user, 'token') || (tokenFile ? readFileSync(tokenFile, 'utf8') : undefined);
  const ca = fileOrData(dir, optionalString(cluster, 'certificate-authority'), optionalString(cluster, 'certificate-authority-data'));
  const cert = fileOrData(dir, optionalString(user, 'client-certificate'), optionalString(user, 'client-certificate-data'));
  const key = fileOrData(dir, optionalString(user, 'client-key'), optionalString(user, 'client-key-data'));
  const namespace = optionalString(context, 'namespace');
  const tlsServerName = optionalString(cluster, 'tls-server-name');
  return {
    connection: new EarlyConnection({
      server,
      namespace: namespace || 'default',
      inCluster: false,
      ...(token ? { token } : {}),
      ...(ca ? { ca } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
      insecureSkipTlsVerify: insecure,
      ...(tlsServerName ? { tlsServerName } : {}),
    }),
  };
}

const homeConfig = (env: NodeJS.ProcessEnv): string | undefined => {
  if (!env.HOME) return undefined;
  try {
    accessSync(env.HOME);
  } catch {
    return undefined;
  }
  const file = join(env.HOME, '.kube', 'config');
  return existsSync(file) ? file : undefined;
};

/**
 * Chooses the source like loadKubeConfig without options: in-cluster when KUBERNETES_SERVICE_HOST is set and KUBECONFIG
 * is not, else KUBECONFIG (one file), else ~/.kube/config. Never throws: a file it cannot read is reported as
 * unsupported, and client-node then loads it and reports the real error.
 */
export async function loadEarlyConfig(env: NodeJS.ProcessEnv = process.env, saDir = SERVICE_ACCOUNT_DIR): Promise<EarlyConfig> {
  try {
    if (env.KUBERNETES_SERVICE_HOST && !env.KUBECONFIG) return { connection: inClusterConnection(env, saDir) };
    if (env.KUBECONFIG) {
      const files = env.KUBECONFIG.split(delimiter).filter(Boolean);
      if (files.length !== 1) return { unsupported: 'KUBECONFIG lists several files (client-node merges them)' };
      return await kubeconfigConnection(files[0]!);
    }
    const home = homeConfig(env);
    if (home) return await kubeconfigConnection(home);
    // client-node would try the ServiceAccount mount (without KUBERNETES_SERVICE_HOST) or localhost:8080 next
    return { unsupported: 'no kubeconfig found' };
  } catch (error) {
    return { unsupported: `could not read the config: ${(error as Error).message}` };
  }
}
