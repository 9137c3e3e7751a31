// Real HTTP servers on 127.0.0.1:<random port> for the checks tests (no mocks: real sockets, real errors).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';

/** A running loopback server; `close()` also drops kept-alive sockets so tests end promptly. */
export interface LoopbackServer {
  url: string;
  requests: { method: string; path: string; body: string }[];
  close(): Promise<void>;
}

/** Answers one request; `body` is already read, `index` counts the server's requests from 0. */
export type Handler = (req: IncomingMessage, res: ServerResponse, body: string, index: number) => void | Promise<void>;

/** Starts a server whose handler sees every request with its body already read. */
export async function startServer(handler: Handler): Promise<LoopbackServer> {
  const requests: LoopbackServer['requests'] = [];
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const index = requests.push({ method: req.method ?? '', path: req.url ?? '', body }) - 1;
    await handler(req, res, body, index);
  };
  // A handler that throws cuts the connection (the client under test sees a reset) and says why on stderr.
  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      process.stderr.write(`loopback server: handler failed for ${req.method ?? ''} ${req.url ?? ''}: ${String(error)}\n`);
      res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** For use inside a `describe`: a `startServer` whose servers are all closed when that suite ends. */
export function suiteServers(): (handler: Handler) => Promise<LoopbackServer> {
  const servers: LoopbackServer[] = [];
  after(() => Promise.all(servers.map((server) => server.close())));
  return async (handler) => {
    const server = await startServer(handler);
    servers.push(server);
    return server;
  };
}

/** Sends a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A URL on which nothing listens: bind a port, then release it. */
export async function closedPortUrl(): Promise<string> {
  const server = await startServer(() => undefined);
  await server.close();
  return server.url;
}

/** A valid OpenAI-style completion body. */
export function completionBody(text: string): unknown {
  return { id: 'cmpl-1', object: 'text_completion', model: 'm', choices: [{ index: 0, text, finish_reason: 'stop' }] };
}
