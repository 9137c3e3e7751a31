// Certificates and keys for one testbed run, made with the system openssl (no extra npm dependency).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TESTBED_LAYOUT } from '../dataplane/layout.ts';

/** Paths of the generated material inside the run dir. */
export interface Pki {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  saKey: string;
  saPub: string;
  kubeletCert: string;
  kubeletKey: string;
  tokenFile: string;
  adminToken: string;
}

/** Raised when openssl fails; carries its stderr in the message. */
export class PkiError extends Error {
  override name = 'PkiError';
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new PkiError(`openssl ${args[0]} failed: ${stderr.trim()}`, { cause: error });
  }
}

// The same CA signs the apiserver cert, is the controller-manager's root CA (published as kube-root-ca.crt)
// and therefore is what in-cluster clients trust through the mounted ca.crt. Pods in the dataplane reach the
// apiserver through the relay on the root end of the root↔node link, so that address is a SAN too. Every `up`
// makes a fresh run dir and PKI, so a SAN added here is in the next testbed's cert (nothing is cached).
const API_SANS = [
  'IP:127.0.0.1',
  `IP:${TESTBED_LAYOUT.hostLinkIP}`,
  'IP:10.96.0.1',
  'DNS:localhost',
  'DNS:kubernetes',
  'DNS:kubernetes.default',
  'DNS:kubernetes.default.svc',
  'DNS:kubernetes.default.svc.cluster.local',
].join(',');

function signedCert(dir: string, ca: { cert: string; key: string }, base: string, subject: string, sans: string): void {
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${base}.key`], dir);
  openssl(['req', '-new', '-key', `${base}.key`, '-subj', subject, '-out', `${base}.csr`], dir);
  writeFileSync(
    join(dir, `${base}.ext`),
    `subjectAltName=${sans}\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n`,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${base}.csr`,
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-CAcreateserial',
      '-days',
      '30',
      '-extfile',
      `${base}.ext`,
      '-out',
      `${base}.crt`,
    ],
    dir,
  );
}

/** Creates the CA, serving certs, ServiceAccount signing key pair and the admin token file in `dir`. */
export function createPki(dir: string): Pki {
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'], dir);
  openssl(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=netpart-testbed-ca', '-days', '30', '-out', 'ca.crt'], dir);
  const ca = { cert: 'ca.crt', key: 'ca.key' };
  signedCert(dir, ca, 'apiserver', '/CN=kube-apiserver', API_SANS);
  // The apiserver does not verify kubelet certs without --kubelet-certificate-authority; signing it anyway costs nothing.
  signedCert(dir, ca, 'kubelet', '/CN=system:node:testbed-node/O=system:nodes', 'IP:127.0.0.1,DNS:localhost');
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'sa.key'], dir);
  openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  const adminToken = randomBytes(24).toString('hex');
  writeFileSync(join(dir, 'tokens.csv'), `${adminToken},admin,admin-uid,"system:masters"\n`, { mode: 0o600 });
  const p = (f: string) => join(dir, f);
  return {
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    serverCert: p('apiserver.crt'),
    serverKey: p('apiserver.key'),
    saKey: p('sa.key'),
    saPub: p('sa.pub'),
    kubeletCert: p('kubelet.crt'),
    kubeletKey: p('kubelet.key'),
    tokenFile: p('tokens.csv'),
    adminToken,
  };
}
