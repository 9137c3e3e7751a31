// Raw TCP checks for the enforcement probe: dial a new connection, and hold one open to see whether it keeps working.
import { setTimeout as sleep } from 'node:timers/promises';
import { ERROR_CODES, NetpartError } from '../util/errors.ts';
import { connect, type Socket } from 'node:net';

/** Outcome of one new connection attempt: connected, refused (RST/ICMP reject) or no answer in time (drop). */
export type DialOutcome = 'connected' | 'refused' | 'timeout' | `error:${string}`;

/** Opens a new TCP connection to host:port and closes it at once; never throws. */
export function dialTcp(host: string, port: number, timeoutMs: number): Promise<DialOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (outcome: DialOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.once('connect', () => done('connected'));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'refused' : `error:${e.code ?? e.message}`));
  });
}

/** An open connection whose peer answers a request; `exchange()` says whether it still does. */
export interface HeldTcpConnection {
  /** Sends one request and resolves true when any reply bytes arrive within `timeoutMs`, false on error/close/silence. */
  exchange(timeoutMs: number): Promise<boolean>;
  close(): void;
}

/** Raised when the held connection cannot be opened at all. */
export class HeldConnectionError extends NetpartError {
  override name = 'HeldConnectionError';
  constructor(message: string, options?: ErrorOptions) {
    super(ERROR_CODES.heldConnectionFailed, message, options);
  }
}

const GREETING_WAIT_MS = 300;

/**
 * Opens a connection and learns how to make its peer answer: a NATS server greets with `INFO` and answers
 * `PING` with `PONG`; anything else gets an HTTP/1.1 keep-alive request (any HTTP server answers, even with 400).
 */
export async function holdTcpConnection(host: string, port: number, timeoutMs: number): Promise<HeldTcpConnection> {
  const socket: Socket = connect({ host, port });
  let received = Buffer.alloc(0);
  let broken = false;
  const listeners = new Set<() => void>();
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]).subarray(-4096);
    for (const l of listeners) l();
  });
  const fail = () => {
    broken = true;
    for (const l of listeners) l();
  };
  socket.on('error', fail);
  socket.on('close', fail);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new HeldConnectionError(`no TCP connection to ${host}:${port} within ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new HeldConnectionError(`cannot connect to ${host}:${port}: ${error.message}`, { cause: error }));
    });
  });
  await sleep(GREETING_WAIT_MS);
  const nats = received.toString('latin1').startsWith('INFO ');
  const request = nats ? 'PING\r\n' : `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`;

  return {
    exchange(ms) {
      if (broken) return Promise.resolve(false);
      received = Buffer.alloc(0);
      return new Promise((resolve) => {
        const finish = (answer: boolean) => {
          clearTimeout(timer);
          listeners.delete(check);
          resolve(answer);
        };
        const check = () => (broken ? finish(false) : received.length > 0 ? finish(true) : undefined);
        const timer = setTimeout(() => finish(false), ms);
        listeners.add(check);
        socket.write(request, (error) => error && finish(false));
      });
    },
    close: () => socket.destroy(),
  };
}
