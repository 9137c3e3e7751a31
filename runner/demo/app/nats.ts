// The app's NATS connection: retries forever, notices silent partitions through pings, and tracks connected/lost.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../../log/logger.ts';

/** A NATS connection plus whether it is usable right now (false between disconnect and reconnect). */
export interface TrackedNats {
  nc: NatsConnection;
  isConnected(): boolean;
}

/** Connects (waiting for the server as long as it takes) and keeps `isConnected()` in step with the client's status. */
export async function connectNats(
  options: { servers: string; name: string; pingIntervalMs: number; maxPingsOut: number; reconnectEveryMs?: number; onReconnect?: () => void },
  logger: Logger,
): Promise<TrackedNats> {
  const nc = await connect({
    servers: options.servers.split(',').map((s) => s.trim()),
    name: options.name,
    // A demo under fault injection must come back by itself, however long the partition lasts.
    maxReconnectAttempts: -1,
    waitOnFirstConnect: true,
    reconnectTimeWait: 1000,
    pingInterval: options.pingIntervalMs,
    maxPingOut: options.maxPingsOut,
    // Per dial attempt. Short, so that once a partition heals the next attempt is at most ~3 s away (2 s + the wait).
    timeout: 2000,
  });
  let connected = true;
  logger.info({ event: 'nats.connected', server: nc.getServer() }, 'connected to NATS');
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'staleConnection') {
        if (connected) logger.warn({ event: 'nats.disconnected', reason: status.type }, 'lost NATS');
        connected = false;
      } else if (status.type === 'reconnect') {
        connected = true;
        logger.info({ event: 'nats.reconnected', server: status.server }, 'reconnected to NATS');
        options.onReconnect?.();
      } else if (status.type === 'close') {
        connected = false;
      }
    }
  })();
  if (options.reconnectEveryMs) {
    // unref: this timer alone must not keep a stopping process alive.
    setInterval(() => {
      if (!connected || nc.isClosed() || nc.isDraining()) return;
      logger.info({ event: 'nats.forced_reconnect', everyMs: options.reconnectEveryMs }, 'reconnecting to NATS on a fresh connection');
      nc.reconnect().catch((error: unknown) => logger.warn({ event: 'nats.forced_reconnect.failed', err: error }, 'forced reconnect failed'));
    }, options.reconnectEveryMs).unref();
  }
  return { nc, isConnected: () => connected && !nc.isClosed() };
}
