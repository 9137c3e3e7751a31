// Minimal HTTP plumbing shared by frontend and worker: JSON in/out with a size limit, and a listening server.
import { ERROR_CODES, NetpartError } from '../../util/errors.ts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openAiError } from './protocol.ts';

/** Requests larger than this are refused; completions here are small by design. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A body that could not be read as JSON; `status` says which HTTP answer fits. */
export class BadRequestBodyError extends NetpartError {
  override name = 'BadRequestBodyError';
  constructor(
    message: string,
    readonly status: 400 | 413,
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.badRequestBody, message, options);
  }
}

/** Reads and parses a JSON body, refusing bodies above MAX_BODY_BYTES. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequestBodyError(`request body is larger than ${MAX_BODY_BYTES} bytes`, 413);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestBodyError('request body must be JSON (content-type: application/json)', 400, { cause: error });
  }
}

/** Reads a JSON body, or answers an unreadable one (400/413, OpenAI error) itself and gives undefined. */
export async function readJsonBodyOrRefuse(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  try {
    return await readJsonBody(req);
  } catch (error) {
    if (!(error instanceof BadRequestBodyError)) throw error;
    // JSON.parse never yields undefined, so undefined unambiguously means "already answered".
    sendJson(res, error.status, openAiError(error.message, 'invalid_request_error'));
    return undefined;
  }
}

/** Writes a JSON answer with optional extra headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** Starts an HTTP server and resolves with the port it really bound (PORT=0 picks a free one). */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  host: string,
  port: number,
  onError: (error: unknown, req: IncomingMessage) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      onError(error, req);
      if (!res.headersSent) sendJson(res, 500, { error: { message: 'internal error', type: 'server_error' } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}
