// Raw requests, the keep-alive agent and pod Table rows against a loopback "API server".
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { connectKube, isNotFound, kubeErrorMessage } from '../../runner/kube/client.ts';
import { listPodRows, PodTableError } from '../../runner/kube/pod-rows.ts';
import { rawJson } from '../../runner/kube/raw.ts';
import { SingleFlight } from '../../runner/util/single-flight.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end('{}');
const sockets = new Set<unknown>();
const server = createServer((req, res) => handler(req, res));
server.on('connection', (socket) => sockets.add(socket));
let base = '';

const kubeFor = (prefix = '') => {
  const config = new KubeConfig();
  config.loadFromString(
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: c, cluster: {server: "${base}${prefix}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: u, user: {token: secret-token}}]',
      'contexts: [{name: c, context: {cluster: c, user: u, namespace: ns1}}]',
      'current-context: c',
    ].join('\n'),
  );
  return connectKube({ config });
};
const json = (res: ServerResponse, code: number, body: unknown) => {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

describe('rawJson', () => {
  test('sends the credentials, the Accept header and the cluster path prefix; parses the body', async () => {
    let seen: IncomingMessage | undefined;
    handler = (req, res) => {
      seen = req;
      json(res, 200, { kind: 'List', items: [1, 2] });
    };
    const kube = kubeFor('/proxy');
    const body = await rawJson<{ items: number[] }>(kube.config, { path: '/api/v1/pods?limit=1', accept: 'application/x-test' });
    assert.deepEqual(body.items, [1, 2]);
    assert.equal(seen?.url, '/proxy/api/v1/pods?limit=1');
    assert.equal(seen?.headers.authorization, 'Bearer secret-token');
    assert.equal(seen?.headers.accept, 'application/x-test');
  });

  test('a failure is an ApiException the shared helpers read (code and Status message)', async () => {
    handler = (_req, res) => json(res, 404, { kind: 'Status', status: 'Failure', message: 'pods "x" not found', code: 404 });
    const error = await rawJson(kubeFor().config, { path: '/api/v1/namespaces/a/pods/x' }).catch((e: unknown) => e);
    assert.equal(isNotFound(error), true);
    assert.equal(kubeErrorMessage(error), 'pods "x" not found (HTTP 404)');
  });

  test('requests of one connection reuse one keep-alive socket', async () => {
    handler = (_req, res) => json(res, 200, {});
    const kube = kubeFor();
    sockets.clear();
    for (let i = 0; i < 3; i++) await rawJson(kube.config, { path: '/x' });
    await kube.core.listNamespacedPod({ namespace: 'a' }).catch(() => undefined);
    assert.equal(sockets.size, 1, 'one TCP connection for three raw requests and one typed request');
  });
});

describe('listPodRows', () => {
  test('reads Name and Status by column name and passes the query', async () => {
    let url = '';
    handler = (req, res) => {
      url = req.url ?? '';
      json(res, 200, {
        kind: 'Table',
        columnDefinitions: [{ name: 'Ready' }, { name: 'Name' }, { name: 'Status' }],
        rows: [{ cells: ['1/1', 'a-0', 'Running'] }, { cells: ['0/1', 'a-1', 'Terminating'] }],
      });
    };
    const rows = await listPodRows(kubeFor(), 'ns1', { fieldSelector: 'status.phase=Running', resourceVersion: '0' });
    assert.deepEqual(rows, [
      { name: 'a-0', status: 'Running' },
      { name: 'a-1', status: 'Terminating' },
    ]);
    const query = new URL(url, base).searchParams;
    assert.equal(query.get('includeObject'), 'None');
    assert.equal(query.get('fieldSelector'), 'status.phase=Running');
    assert.equal(query.get('resourceVersion'), '0');
  });

  test('a Table without the Name/Status columns is an error, not empty names', async () => {
    handler = (_req, res) => json(res, 200, { kind: 'Table', columnDefinitions: [{ name: 'Ready' }], rows: [{ cells: ['1/1'] }] });
    await assert.rejects(listPodRows(kubeFor(), 'ns1'), PodTableError);
  });
});

describe('SingleFlight', () => {
  test('concurrent callers of one key share one load; a later call loads again', async () => {
    const flights = new SingleFlight<number>();
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return loads;
    };
    const [a, b] = await Promise.all([flights.run('k', load), flights.run('k', load)]);
    assert.deepEqual([a, b, loads], [1, 1, 1]);
    assert.equal(await flights.run('k', load), 2);
    assert.equal(loads, 2);
  });
});
