// The runner's early loader and first request (runner/kube/early-*.ts) against real loopback servers: plain HTTP,
// HTTPS with a CA made here by openssl (server and client certificates), and the in-cluster ServiceAccount layout.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { loadEarlyConfig, type EarlyConfig } from '../../runner/kube/early-config.ts';
import { loadKubeConfig } from '../../runner/kube/config.ts';
import { kubeErrorMessage, statusCode } from '../../runner/kube/errors.ts';
import type { EarlyConnection } from '../../runner/kube/early-request.ts';
import { createPki, type Pki } from '../../testbed/index.ts';

const TOKEN = 'early-secret-token-4711';
const dir = mkdtempSync(join(tmpdir(), 'netpart-early-'));
let pki: Pki;
let seen: IncomingMessage[] = [];
let answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => json(res, 200, { items: [] });
const json = (res: ServerResponse, code: number, body: unknown) => {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const onRequest = (req: IncomingMessage, res: ServerResponse) => {
  seen.push(req);
  answer(req, res);
};
const servers: Server[] = [];
const listen = async (server: Server, scheme: 'http' | 'https'): Promise<string> => {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
let plainUrl = '';
let tlsUrl = '';
/** Demands a client certificate signed by the test CA. */
let mtlsUrl = '';

/** Writes a kubeconfig (JSON, or YAML when `yaml` is set) and returns its path. */
function kubeconfig(name: string, cluster: Record<string, unknown>, user: Record<string, unknown>, yaml = false): string {
  const path = join(dir, name);
  const doc = {
    'current-context': 'c',
    clusters: [{ name: 'k', cluster }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'c', context: { cluster: 'k', user: 'u', namespace: 'ns1' } }],
  };
  // JSON is YAML: written as block YAML here so the `yaml` branch really parses YAML
  const toYaml = (v: unknown, indent: string): string =>
    Array.isArray(v)
      ? v.map((e) => `\n${indent}- ${toYaml(e, `${indent}  `).trimStart()}`).join('')
      : typeof v === 'object' && v !== null
        ? Object.entries(v)
            .map(([k, x]) => `\n${indent}${k}: ${typeof x === 'object' ? toYaml(x, `${indent}  `) : JSON.stringify(x)}`)
            .join('')
        : JSON.stringify(v);
  writeFileSync(path, yaml ? toYaml(doc, '').trimStart() : JSON.stringify(doc));
  return path;
}

const connectionOf = (loaded: EarlyConfig): EarlyConnection => {
  assert.ok('connection' in loaded, `expected a connection, got: ${'unsupported' in loaded ? loaded.unsupported : ''}`);
  return loaded.connection;
};

before(async () => {
  pki = createPki(dir);
  const tls = { cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey) };
  plainUrl = await listen(createServer(onRequest), 'http');
  tlsUrl = await listen(createTlsServer(tls, onRequest), 'https');
  mtlsUrl = await listen(createTlsServer({ ...tls, ca: readFileSync(pki.caCert), requestCert: true, rejectUnauthorized: true }, onRequest), 'https');
});
after(() => {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('early loader: kubeconfig files', () => {
  test('plain HTTP with insecure-skip-tls-verify: token, Accept and the cluster path prefix; JSON body; onSent', async () => {
    seen = [];
    const file = kubeconfig('plain.json', { server: `${plainUrl}/prefix/`, 'insecure-skip-tls-verify': true }, { token: TOKEN });
    const connection = connectionOf(await loadEarlyConfig({ KUBECONFIG: file }));
    assert.equal(connection.server, `${plainUrl}/prefix`, 'trailing slash dropped, as client-node does');
    assert.equal(connection.namespace, 'ns1');
    let sent = 0;
    answer = (_req, res) => json(res, 200, { items: [{ metadata: { name: 'p' } }] });
    const body = await connection.getJson<{ items: unknown[] }>('/apis/x?labelSelector=a%3Db', () => sent++);
    assert.deepEqual(body.items, [{ metadata: { name: 'p' } }]);
    assert.equal(sent, 1);
    assert.equal(seen[0]?.url, '/prefix/apis/x?labelSelector=a%3Db');
    assert.equal(seen[0]?.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(seen[0]?.headers.accept, 'application/json');
  });

  test('a failure is an ApiException the shared helpers read (code and Status message)', async () => {
    answer = (_req, res) => json(res, 403, { kind: 'Status', message: 'networkpolicies is forbidden', code: 403 });
    const connection = connectionOf(
      await loadEarlyConfig({ KUBECONFIG: kubeconfig('403.json', { server: plainUrl, 'insecure-skip-tls-verify': true }, { token: TOKEN }) }),
    );
    const error = await connection.getJson('/apis/x').catch((e: unknown) => e);
    assert.equal(statusCode(error), 403);
    assert.equal(kubeErrorMessage(error), 'networkpolicies is forbidden (HTTP 403)');
    answer = (_req, res) => json(res, 200, { items: [] });
  });

  test('YAML kubeconfig: HTTPS verified against certificate-authority-data, client certificate and key from relative files', async () => {
    seen = [];
    mkdirSync(join(dir, 'certs'), { recursive: true });
    writeFileSync(join(dir, 'certs', 'client.crt'), readFileSync(pki.kubeletCert));
    writeFileSync(join(dir, 'certs', 'client.key'), readFileSync(pki.kubeletKey));
    const file = kubeconfig(
      'mtls.yaml',
      { server: mtlsUrl, 'certificate-authority-data': readFileSync(pki.caCert).toString('base64') },
      { 'client-certificate': 'certs/client.crt', 'client-key': 'certs/client.key' },
      true,
    );
    assert.throws(() => JSON.parse(readFileSync(file, 'utf8')), SyntaxError, 'the file is YAML, not JSON: the yaml branch parses it');
    const connection = connectionOf(await loadEarlyConfig({ KUBECONFIG: file }));
    await connection.getJson('/api');
    const peer = (seen[0]?.socket as TLSSocket).getPeerCertificate();
    assert.equal(peer.subject?.CN, 'system:node:testbed-node', 'the server saw the kubeconfig client certificate');
    assert.equal(seen[0]?.headers.authorization, undefined, 'no token in this kubeconfig, so no Authorization header');
  });

  test('TLS is verified: a server the kubeconfig CA did not sign is refused, unless insecure-skip-tls-verify says so', async () => {
    const otherCa = createPki(mkdtempSync(join(dir, 'other-')));
    const wrong = connectionOf(
      await loadEarlyConfig({
        KUBECONFIG: kubeconfig(
          'wrong-ca.json',
          { server: tlsUrl, 'certificate-authority-data': readFileSync(otherCa.caCert).toString('base64') },
          { token: TOKEN },
        ),
      }),
    );
    await assert.rejects(wrong.getJson('/api'), /certificate|self.signed|verify/i);
    const noCa = connectionOf(await loadEarlyConfig({ KUBECONFIG: kubeconfig('no-ca.json', { server: tlsUrl }, { token: TOKEN }) }));
    await assert.rejects(noCa.getJson('/api'), /certificate|self.signed|verify/i, 'system CAs do not trust the test CA');
    const insecure = connectionOf(
      await loadEarlyConfig({ KUBECONFIG: kubeconfig('insecure.json', { server: tlsUrl, 'insecure-skip-tls-verify': true }, { token: TOKEN }) }),
    );
    assert.deepEqual(await insecure.getJson('/api'), { items: [] });
    const mtlsWithoutCert = connectionOf(
      await loadEarlyConfig({
        KUBECONFIG: kubeconfig(
          'no-client-cert.json',
          { server: mtlsUrl, 'certificate-authority-data': readFileSync(pki.caCert).toString('base64') },
          { token: TOKEN },
        ),
      }),
    );
    await assert.rejects(mtlsWithoutCert.getJson('/api'), 'a server demanding a client certificate refuses a connection without one');
  });

  test('token-file is read; the token never shows in the object, its JSON or its inspection', async () => {
    seen = [];
    writeFileSync(join(dir, 'token'), TOKEN);
    const connection = connectionOf(
      await loadEarlyConfig({
        KUBECONFIG: kubeconfig('token-file.json', { server: plainUrl, 'insecure-skip-tls-verify': true }, { 'token-file': join(dir, 'token') }),
      }),
    );
    await connection.getJson('/api');
    assert.equal(seen[0]?.headers.authorization, `Bearer ${TOKEN}`);
    assert.doesNotMatch(JSON.stringify(connection), new RegExp(TOKEN));
    assert.doesNotMatch(inspect(connection, { depth: 5, showHidden: true }), new RegExp(TOKEN));
  });

  test('what only client-node does is left to it, with the reason (never a secret)', async () => {
    const cases: [string, NodeJS.ProcessEnv, RegExp][] = [
      ['exec plugin', { KUBECONFIG: kubeconfig('exec.json', { server: tlsUrl }, { exec: { command: 'get-token' }, token: TOKEN }) }, /exec/],
      ['auth provider', { KUBECONFIG: kubeconfig('ap.json', { server: tlsUrl }, { 'auth-provider': { name: 'oidc' } }) }, /auth-provider/],
      ['basic auth', { KUBECONFIG: kubeconfig('basic.json', { server: tlsUrl }, { username: 'a', password: TOKEN }) }, /username/],
      ['impersonation', { KUBECONFIG: kubeconfig('as.json', { server: tlsUrl }, { token: TOKEN, as: 'someone' }) }, /\bas\b/],
      ['proxy', { KUBECONFIG: kubeconfig('proxy.json', { server: tlsUrl, 'proxy-url': 'http://proxy:3128' }, { token: TOKEN }) }, /proxy/],
      ['plain HTTP without skip', { KUBECONFIG: kubeconfig('http.json', { server: plainUrl }, { token: TOKEN }) }, /plain HTTP/],
      ['merged files', { KUBECONFIG: [join(dir, 'plain.json'), join(dir, 'insecure.json')].join(delimiter) }, /several files/],
      ['missing file', { KUBECONFIG: join(dir, 'nope.json') }, /could not read/],
      ['wrong type', { KUBECONFIG: kubeconfig('bad.json', { server: 42 }, { token: TOKEN }) }, /cluster\.server is not a string/],
      ['no kubeconfig at all', { HOME: join(dir, 'empty-home') }, /no kubeconfig/],
    ];
    for (const [what, env, reason] of cases) {
      const loaded = await loadEarlyConfig(env, join(dir, 'no-sa'));
      assert.ok('unsupported' in loaded, `${what}: expected client-node to take it`);
      assert.match(loaded.unsupported, reason, what);
      assert.doesNotMatch(loaded.unsupported, new RegExp(TOKEN), `${what}: reason must not carry the secret`);
    }
  });

  test('server and namespace agree with client-node for the configs the early loader takes', async () => {
    for (const file of ['plain.json', 'mtls.yaml', 'token-file.json']) {
      const path = join(dir, file);
      const early = connectionOf(await loadEarlyConfig({ KUBECONFIG: path }));
      const loaded = loadKubeConfig({ kubeconfig: path });
      assert.equal(early.server, loaded.server, file);
      assert.equal(early.namespace, loaded.namespace, file);
    }
  });
});

describe('early loader: in-cluster', () => {
  const saDir = join(dir, 'serviceaccount');
  before(() => {
    mkdirSync(saDir, { recursive: true });
    writeFileSync(join(saDir, 'token'), TOKEN);
    writeFileSync(join(saDir, 'ca.crt'), readFileSync(pki.caCert));
    writeFileSync(join(saDir, 'namespace'), 'runner-ns');
  });

  test('KUBERNETES_SERVICE_HOST/PORT + the ServiceAccount token, CA and namespace; TLS verified against ca.crt', async () => {
    seen = [];
    const port = new URL(tlsUrl).port;
    const connection = connectionOf(await loadEarlyConfig({ KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port }, saDir));
    assert.equal(connection.server, `https://127.0.0.1:${port}`);
    assert.equal(connection.namespace, 'runner-ns');
    assert.equal(connection.inCluster, true);
    assert.equal(connection.insecureSkipTlsVerify, false);
    await connection.getJson('/apis/networking.k8s.io/v1/namespaces/runner-ns/networkpolicies');
    assert.equal(seen[0]?.headers.authorization, `Bearer ${TOKEN}`);
  });

  test('KUBECONFIG wins over the in-cluster env (as loadKubeConfig decides); IPv6 hosts are bracketed; port 8080 is plain HTTP', async () => {
    const env = { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '443', KUBECONFIG: join(dir, 'plain.json') };
    assert.equal(connectionOf(await loadEarlyConfig(env, saDir)).inCluster, false);
    assert.equal(
      connectionOf(await loadEarlyConfig({ KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, saDir)).server,
      'https://[fd00::1]:443',
    );
    assert.equal(
      connectionOf(await loadEarlyConfig({ KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '8080' }, saDir)).server,
      'http://10.0.0.1:8080',
    );
  });

  test('a missing ServiceAccount token leaves the config to client-node, which reports it', async () => {
    const loaded = await loadEarlyConfig({ KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, join(dir, 'no-sa'));
    assert.ok('unsupported' in loaded);
    assert.match(loaded.unsupported, /could not read/);
  });
});
