// Entry point of the API image (dist/api/main.mjs): `main.mjs [--port N] [--host H] [--unauthenticated-as system:serviceaccount:NS:NAME] [--insecure-no-auth] [--kubeconfig F]`.
import { ValidationError } from '../util/errors.ts';
import { Command } from 'commander';
import { EVENTS } from '../contract/events.ts';
import { createLogger } from '../log/logger.ts';
import { startApiServer } from './start.ts';

const logger = createLogger({ name: 'netpart-api' });

/** Parses argv/env, starts the service, and stops it cleanly on SIGTERM/SIGINT. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const values = new Command('main.mjs')
    .description('The netpart fault-injection API (wire-compatible with the Dynamo fault-injection API).')
    .option('--port <port>', 'listen port (default: $PORT, else 8080)')
    .option('--host <host>', 'listen address (default: all)')
    .option('--insecure-no-auth', 'accept requests without a Kubernetes bearer token (only behind kubectl port-forward)')
    .option('--unauthenticated-as <user>', 'authorize token-less requests as this ServiceAccount (default: $NETPART_UNAUTHENTICATED_AS)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context')
    .showHelpAfterError()
    .parse(argv, { from: 'user' })
    .opts<{ port?: string; host?: string; insecureNoAuth?: boolean; unauthenticatedAs?: string; kubeconfig?: string; context?: string }>();
  const portText = values.port ?? process.env.PORT ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ValidationError(`--port/PORT "${portText}" is not a port number (0–65535), e.g. --port 8080`);
  }
  const api = await startApiServer({
    port,
    host: values.host,
    insecureNoAuth: values.insecureNoAuth ?? false,
    unauthenticatedAs: values.unauthenticatedAs ?? (process.env.NETPART_UNAUTHENTICATED_AS || undefined),
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
