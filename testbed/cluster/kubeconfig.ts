// Writes the admin kubeconfig of a testbed run (token auth, CA embedded by path).
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { CONTEXT_NAME } from '../paths.ts';

/** Writes a kubeconfig for `server` with a bearer token; the context name marks it as the testbed's. */
export function writeKubeconfig(path: string, server: string, caCert: string, token: string): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CONTEXT_NAME, cluster: { server, 'certificate-authority': caCert } }],
    users: [{ name: `${CONTEXT_NAME}-admin`, user: { token } }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: `${CONTEXT_NAME}-admin`, namespace: 'default' } }],
    'current-context': CONTEXT_NAME,
  };
  writeFileSync(path, stringify(config), { mode: 0o600 });
}
