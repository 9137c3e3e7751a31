// Sends one completion to one worker over HTTP, on a fresh TCP connection each time.
import { request } from 'node:http';

/** What the worker answered, or why it did not. */
export type ForwardOutcome =
  | { ok: true; status: number; body: string }
  | { ok: false; reason: string };

/**
 * POSTs the body to {workerUrl}/v1/completions. No keep-alive (agent: false): a partition must cut the
 * next request even on CNIs that let established connections live on.
 */
export function forwardCompletion(workerUrl: string, body: string, timeoutMs: number): Promise<ForwardOutcome> {
  return new Promise((resolve) => {
    const req = request(`${workerUrl}/v1/completions`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ ok: true, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => resolve({ ok: false, reason: describe(error) }));
    });
    req.on('error', (error) => resolve({ ok: false, reason: describe(error) }));
    req.end(body);
  });
}

function describe(error: Error): string {
  if (error.name === 'AbortError') return 'timeout';
  return (error as NodeJS.ErrnoException).code ?? error.message;
}
