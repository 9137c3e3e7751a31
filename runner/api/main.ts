// Entry point of the API image (dist/api/main.mjs): `main.mjs [--port N] [--host H] [--unauthenticated-as system:serviceaccount:NS:NAME] [--insecure-no-auth] [--kubeconfig F]`.
import { EVENTS } from '../contract/events.ts';
import { parseArgs } from 'node:util';
import { createLogger } from '../log/logger.ts';
import { startApiServer } from './start.ts';

const logger = createLogger({ name: 'netpart-api' });

/** Parses argv/env, starts the service, and stops it cleanly on SIGTERM/SIGINT. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'insecure-no-auth': { type: 'boolean', default: false },
      'unauthenticated-as': { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
    },
  });
  const portText = values.port ?? process.env.PORT ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port/PORT "${portText}" is not a port number (0–65535), e.g. --port 8080`);
  }
  const api = await startApiServer({
    port,
    host: values.host,
    insecureNoAuth: values['insecure-no-auth'],
    unauthenticatedAs: values['unauthenticated-as'] ?? (process.env.NETPART_UNAUTHENTICATED_AS || undefined),
    kubeconfig: values.kubeconfig,
    context: values.context,
    logger,
  });
  const stop = (signal: string) => {
    logger.info({ signal, note: 'active faults stay in the cluster with their expiry' }, EVENTS.apiStopping);
    void api.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/api/main.mjs')) {
  main().catch((error: unknown) => {
    logger.fatal({ err: error }, EVENTS.apiStartFailed);
    process.exit(1);
  });
}
