// Reads a JSON request body with a hard size limit: too big → 413 before it is buffered, bad JSON → 422.
import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors.ts';

/** Default limit: inject bodies are a few hundred bytes; 64 KiB leaves room without inviting abuse. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/** The parsed JSON body, or undefined for an empty body (validation then reports the missing fields). */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw tooLarge(limitBytes);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(422, [{ type: 'json_invalid', loc: ['body'], msg: `JSON decode error: ${(error as Error).message}` }], { cause: error });
  }
}

function tooLarge(limitBytes: number): ApiError {
  return new ApiError(413, `request body is larger than ${limitBytes} bytes; inject bodies are small JSON objects`);
}
