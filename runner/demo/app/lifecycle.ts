// Clean shutdown on SIGTERM/SIGINT: stop accepting, finish in-flight work briefly, drain NATS, exit 0.
import type { Server } from 'node:http';
import type { Logger } from '../../log/logger.ts';
import type { TrackedNats } from './nats.ts';

/** What a process must close on shutdown; `nats` is read late because it may connect after the signal handler is set. */
export interface ShutdownTargets {
  server: Server;
  nats: () => TrackedNats | undefined;
  timers: () => NodeJS.Timeout[];
}

/** Installs SIGTERM/SIGINT handlers; a second signal or a stuck close forces the exit after graceMs. */
export function exitCleanlyOnSignals(targets: ShutdownTargets, logger: Logger, graceMs = 5000): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ event: 'shutdown', signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ event: 'shutdown.forced' }, 'shutdown took too long');
      process.exit(1);
    }, graceMs).unref();
    for (const timer of targets.timers()) clearInterval(timer);
    await new Promise<void>((resolve) => {
      targets.server.close(() => resolve());
      targets.server.closeIdleConnections();
    });
    const nats = targets.nats();
    // drain() needs the server; when cut off from it, close() is the only way out.
    if (nats && !nats.nc.isClosed()) {
      await (nats.isConnected() ? nats.nc.drain() : nats.nc.close()).catch(() => nats.nc.close());
    }
    logger.info({ event: 'shutdown.done' }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}
