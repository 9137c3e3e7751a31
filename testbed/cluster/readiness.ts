// Waiting for the control plane: /readyz and the `default` ServiceAccount that pods need to be admitted.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { parse } from 'yaml';
import { CONTEXT_NAME } from '../paths.ts';
import { isAlive, type ManagedProcess } from '../state.ts';

/** Raised when a component does not become ready; names what was awaited and where its log is. */
export class TestbedStartError extends Error {
  override name = 'TestbedStartError';
}

/** GETs `path` on the apiserver with the admin token; resolves the status code (0 when unreachable). */
export function apiGet(server: string, caCert: string, token: string, path: string): Promise<number> {
  return new Promise((resolveStatus) => {
    const req = request(new URL(path, server), { ca: readFileSync(caCert), headers: { authorization: `Bearer ${token}` }, timeout: 2000 }, (res) => {
      res.resume();
      resolveStatus(res.statusCode ?? 0);
    });
    req.on('error', () => resolveStatus(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

interface KubeconfigFile {
  'current-context'?: string;
  clusters?: { name: string; cluster: { server: string; 'certificate-authority'?: string } }[];
  users?: { user?: { token?: string } }[];
}

/** True when `path` is a testbed-written kubeconfig whose apiserver answers /readyz. */
export async function testbedKubeconfigReady(path: string): Promise<boolean> {
  try {
    const config = parse(readFileSync(path, 'utf8')) as KubeconfigFile;
    const cluster = config.clusters?.[0]?.cluster;
    if (config['current-context'] !== CONTEXT_NAME || !cluster?.['certificate-authority']) return false;
    return (await apiGet(cluster.server, cluster['certificate-authority'], config.users?.[0]?.user?.token ?? '', '/readyz')) === 200;
  } catch {
    return false;
  }
}

/** Polls `probe` until true; fails early when one of `watched` died, quoting the tail of its log. */
export async function waitUntil(what: string, probe: () => Promise<boolean>, watched: readonly ManagedProcess[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    for (const p of watched) {
      if (!isAlive(p.pid)) throw new TestbedStartError(`${p.name} exited while waiting for ${what}; last log lines:\n${logTail(p.log)}`);
    }
    if (Date.now() > deadline)
      throw new TestbedStartError(`timed out after ${timeoutMs} ms waiting for ${what}; see logs in ${watched.map((p) => p.log).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Last lines of a component log, for error messages. */
export function logTail(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
