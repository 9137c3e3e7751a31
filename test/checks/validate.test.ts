import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateCompletionResponse } from '../../runner/checks/validate.ts';
import { CompletionValidationError } from '../../runner/checks/errors.ts';

describe('validateCompletionResponse', () => {
  test('returns choices[0].text of a 200', () => {
    assert.equal(validateCompletionResponse({ status: 200, body: { choices: [{ text: 'hi' }, { text: 'x' }] } }), 'hi');
  });

  test('non-200 is a CompletionValidationError with kind by status class', () => {
    assert.throws(
      () => validateCompletionResponse({ status: 503, body: { error: 'no workers' } }),
      (error: unknown) => {
        return error instanceof CompletionValidationError && error.kind === 'http_5xx' && error.status === 503 && /got 503.*no workers/.test(error.message);
      },
    );
    assert.throws(() => validateCompletionResponse({ status: 422, body: {} }), { kind: 'http_4xx' });
  });

  test('empty or missing choices, or a non-string text, is invalid_response', () => {
    assert.throws(() => validateCompletionResponse({ status: 200, body: { choices: [] } }), { kind: 'invalid_response', message: /non-empty "choices"/ });
    assert.throws(() => validateCompletionResponse({ status: 200, body: null }), { kind: 'invalid_response' });
    assert.throws(() => validateCompletionResponse({ status: 200, body: 'not json' }), { kind: 'invalid_response' });
    assert.throws(() => validateCompletionResponse({ status: 200, body: { choices: [{}] } }), { message: /choices\[0\].text is missing/ });
  });

  test('long bodies are quoted only in part', () => {
    assert.throws(
      () => validateCompletionResponse({ status: 500, body: 'x'.repeat(10_000) }),
      (error: unknown) => {
        return error instanceof Error && error.message.length < 400;
      },
    );
  });

  test('property: any non-200 status throws, any 200 with a text choice returns that text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.string(), (status, text) => {
        const result = { status, body: { choices: [{ text }] } };
        if (status === 200) assert.equal(validateCompletionResponse(result), text);
        else assert.throws(() => validateCompletionResponse(result), CompletionValidationError);
      }),
    );
  });
});
