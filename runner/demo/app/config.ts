// Environment of the demo app's two processes, validated so a bad manifest fails at start with the variable named.
import { hostname, networkInterfaces } from 'node:os';
import { z } from 'zod';
import { ValidationError } from '../../util/errors.ts';
import { blankToUndefined, parseOrThrow } from '../../util/validation.ts';

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema);
// PORT=0 picks a free port (tests); the process logs and advertises the port it really bound.
const port = (fallback: number) => optional(z.coerce.number().int().min(0).max(65535).default(fallback));
const millis = (fallback: number) => optional(z.coerce.number().int().min(10).max(600_000).default(fallback));
const natsUrl = optional(
  z
    .string()
    .default('nats://127.0.0.1:4222')
    .refine((v) => v.split(',').every((s) => URL.canParse(s.trim())), {
      error: 'NATS_URL must be a NATS URL (or comma-separated list) such as nats://nats:4222',
    }),
);

const podIp = optional(z.string().min(1).default(firstPodAddress()));

const common = {
  NATS_URL: natsUrl,
  HOST: optional(z.string().default('0.0.0.0')),
  MODEL: optional(z.string().min(1).default('mini-llm')),
  // Client pings are how a silently blackholed NATS connection gets noticed (the library default is 2 minutes):
  // after NATS_MAX_PINGS_OUT unanswered pings, i.e. within (max+1) × interval, the client drops it and reconnects.
  NATS_PING_INTERVAL_MS: millis(1000),
  NATS_MAX_PINGS_OUT: optional(z.coerce.number().int().min(1).max(20).default(3)),
  // Opt-in (0 = off): some CNIs let established connections outlive a new NetworkPolicy; reconnecting
  // periodically makes a NATS partition bite within this period there too, at the cost of brief blips.
  NATS_RECONNECT_EVERY_MS: optional(
    z.coerce
      .number()
      .int()
      .refine((v) => v === 0 || (v >= 100 && v <= 3_600_000), {
        error: 'NATS_RECONNECT_EVERY_MS must be 0 (off) or between 100 and 3600000',
      })
      .default(0),
  ),
};

const workerSchema = z.object({
  ...common,
  PORT: port(9000),
  POD_NAME: optional(
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,253}$/, { error: 'POD_NAME must be a pod name (letters, digits, . _ -)' })
      .default(hostname()),
  ),
  POD_IP: podIp,
  // With WORKER_TTL_MS this sets how fast the frontend notices a silent worker: up to TTL + one period.
  HEARTBEAT_MS: millis(1000),
});

const frontendSchema = z
  .object({
    ...common,
    PORT: port(8000),
    // Workers POST their answers to http://POD_IP:PORT/internal/replies/<id>, so it must be reachable from them.
    POD_IP: podIp,
    WORKER_TTL_MS: millis(3000),
    // Budget of one completion, from publishing it on NATS to the worker's reply; past it the client gets a 504.
    REQUEST_TIMEOUT_MS: millis(2000),
    // A worker that failed is tried last for this long, doubling per consecutive failure up to the max, so a worker
    // the frontend cannot hear from costs a few requests per minute instead of one in N.
    WORKER_BACKOFF_MS: millis(5000),
    WORKER_BACKOFF_MAX_MS: millis(60_000),
  })
  .refine((c) => c.WORKER_BACKOFF_MAX_MS >= c.WORKER_BACKOFF_MS, {
    error: 'WORKER_BACKOFF_MAX_MS must be at least WORKER_BACKOFF_MS',
    path: ['WORKER_BACKOFF_MAX_MS'],
  });

/** Settings of a worker process (see manifests/demo-app for how Kubernetes fills them). */
export type WorkerConfig = z.infer<typeof workerSchema>;
/** Settings of the frontend process. */
export type FrontendConfig = z.infer<typeof frontendSchema>;

/** Parses the worker's environment; throws ValidationError naming each bad variable. */
export function workerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return parse(workerSchema, env, 'worker');
}

/** Parses the frontend's environment; throws ValidationError naming each bad variable. */
export function frontendConfigFromEnv(env: NodeJS.ProcessEnv = process.env): FrontendConfig {
  return parse(frontendSchema, env, 'frontend');
}

/** The base URL other pods reach a pod's HTTP server on; IPv6 addresses need brackets. */
export function podUrl(podIp: string, port: number): string {
  return `http://${podIp.includes(':') ? `[${podIp}]` : podIp}:${port}`;
}

function parse<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv, role: string): z.output<T> {
  return parseOrThrow(schema, env, `${role} environment`);
}

// Outside Kubernetes (no POD_IP from the downward API) the first non-loopback IPv4 is the best guess.
function firstPodAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return '127.0.0.1';
}

/** Loads the config or, on bad input, logs one clear `config.invalid` line (each variable and its fix) and exits 1. */
export function loadConfigOrExit<T>(load: () => T, log: { fatal: (obj: object, msg: string) => void }): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    log.fatal({ event: 'config.invalid', issues: error.issues }, error.message);
    process.exit(1);
  }
}
