// A TCP relay from the root↔node link address to the apiserver on 127.0.0.1, so that pods and the
// enforcer (which have their own loopback) reach it without the apiserver binding a wider address.
import { createServer, connect, type Server } from 'node:net';

/** A running relay; close() stops accepting and drops open relayed connections. */
export interface ApiForwarder {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on host:port and relays each connection to 127.0.0.1:targetPort. */
export async function startApiForwarder(host: string, port: number, targetPort: number): Promise<ApiForwarder> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((inbound) => {
    const outbound = connect({ host: '127.0.0.1', port: targetPort });
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => resolve());
  });
  return {
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
