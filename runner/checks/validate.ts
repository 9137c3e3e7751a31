// The guide's validateCompletionResponse(): a completion counts only if it is a 200 with real choices.
import { CompletionValidationError } from './errors.ts';
import { kindOfStatus } from './error-kind.ts';
import type { CompletionResult } from './completion.ts';

/** Asserts HTTP 200 and a non-empty `choices` list; returns `choices[0].text`. */
export function validateCompletionResponse(result: Pick<CompletionResult, 'status' | 'body'>): string {
  const { status, body } = result;
  if (status !== 200) {
    throw new CompletionValidationError(
      `completion failed: expected HTTP 200, got ${status}: ${preview(body)}`,
      kindOfStatus(status) ?? 'invalid_response',
      status,
    );
  }
  const choices = (body as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices) || choices.length === 0) {
    throw new CompletionValidationError(`completion invalid: the body has no non-empty "choices" list: ${preview(body)}`, 'invalid_response', status);
  }
  const text = (choices[0] as { text?: unknown } | null)?.text;
  if (typeof text !== 'string') {
    throw new CompletionValidationError(
      `completion invalid: choices[0].text is ${text === undefined ? 'missing' : typeof text}, expected a string`,
      'invalid_response',
      status,
    );
  }
  return text;
}

// Error messages quote the body, but never a whole page of it.
// JSON.stringify gives undefined for undefined or a function, though lib.d.ts types it string.
const stringify = (value: unknown): string | undefined => JSON.stringify(value);

function preview(body: unknown): string {
  const text = typeof body === 'string' ? body : stringify(body);
  return text === undefined ? String(body) : text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
