// Worker side of the response path: POSTs the answer to the frontend's reply URL over a fresh TCP connection.
import { request } from 'node:http';
import type { WorkReply } from './protocol.ts';

/** The frontend's answer to the POST (204 taken, 404 it no longer waits, ...), or why there was none. */
export type ReplyOutcome = { ok: true; status: number } | { ok: false; reason: string };

/**
 * POSTs the reply as JSON. No keep-alive (agent: false): like Dynamo's per-request response stream, each answer
 * opens its own connection, so a partition between worker and frontend fails the very next reply.
 */
export function postReply(url: string, reply: WorkReply, timeoutMs: number): Promise<ReplyOutcome> {
  const body = JSON.stringify(reply);
  return new Promise((resolve) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    req.on('response', (res) => {
      // The frontend's answer carries nothing the worker needs; drain it so the socket closes.
      res.resume();
      res.on('end', () => resolve({ ok: true, status: res.statusCode ?? 0 }));
      res.on('error', (error) => resolve({ ok: false, reason: describe(error) }));
    });
    req.on('error', (error) => resolve({ ok: false, reason: describe(error) }));
    req.end(body);
  });
}

function describe(error: Error): string {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return 'timeout';
  return (error as NodeJS.ErrnoException).code ?? error.message;
}
