// The enforcement probe's TCP primitives against real loopback servers: a NATS-like greeter and an HTTP server.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { dialTcp, holdTcpConnection, HeldConnectionError } from '../../runner/checks/tcp.ts';

const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

// Greets like nats-server and answers PING with PONG; remembers its sockets so a test can cut them.
function natsLike(): { server: Server; sockets: Socket[] } {
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    s.write('INFO {"server_id":"test"}\r\n');
    s.on('data', (d) => d.toString().includes('PING') && s.write('PONG\r\n'));
    s.on('error', () => undefined);
  });
  return { server, sockets };
}

describe('dialTcp', () => {
  test('connected to a listener, refused on a closed port', async () => {
    const port = await listen(createServer((s) => s.end()));
    assert.equal(await dialTcp('127.0.0.1', port, 1000), 'connected');
    const closed = createServer();
    const closedPort = await listen(closed);
    closed.close();
    await once(closed, 'close');
    assert.equal(await dialTcp('127.0.0.1', closedPort, 1000), 'refused');
  });
});

describe('holdTcpConnection', () => {
  test('a NATS peer answers PING on the held connection until the connection is cut', async () => {
    const nats = natsLike();
    const port = await listen(nats.server);
    const held = await holdTcpConnection('127.0.0.1', port, 1000);
    assert.equal(await held.exchange(1000), true);
    assert.equal(await held.exchange(1000), true, 'the same connection answers again');
    nats.sockets.forEach((s) => s.destroy());
    assert.equal(await held.exchange(500), false, 'a cut connection does not answer');
    held.close();
  });

  test('an HTTP peer answers keep-alive requests on the held connection', async () => {
    const port = await listen(createHttpServer((_req, res) => res.end('ok')));
    const held = await holdTcpConnection('127.0.0.1', port, 1000);
    assert.equal(await held.exchange(1000), true);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await held.exchange(1000), true);
    held.close();
  });

  test('a silent peer reads as "no answer", and a closed port is a HeldConnectionError', async () => {
    const port = await listen(createServer((s) => s.on('error', () => undefined)));
    const held = await holdTcpConnection('127.0.0.1', port, 1000);
    assert.equal(await held.exchange(300), false);
    held.close();
    const closed = createServer();
    const closedPort = await listen(closed);
    closed.close();
    await once(closed, 'close');
    await assert.rejects(holdTcpConnection('127.0.0.1', closedPort, 1000), HeldConnectionError);
  });
});
