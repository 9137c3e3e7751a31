import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildCompletion, completionRequestSchema, generateSubject, heartbeatSchema } from '../../../runner/demo/app/protocol.ts';
import { frontendConfigFromEnv, workerConfigFromEnv, workerUrl } from '../../../runner/demo/app/config.ts';
import { ValidationError } from '../../../runner/util/errors.ts';

describe('completion protocol', () => {
  test('defaults and refusals of the request schema', () => {
    assert.deepEqual(completionRequestSchema.parse({ prompt: 'hi' }), { prompt: 'hi', max_tokens: 16, temperature: 0 });
    assert.equal(completionRequestSchema.safeParse({ prompt: 'hi', stream: true }).success, false);
    assert.equal(completionRequestSchema.safeParse({ prompt: 'hi', max_tokens: 5000 }).success, false);
    assert.equal(completionRequestSchema.safeParse({ prompt: 'hi', temperature: 3 }).success, false);
    assert.equal(completionRequestSchema.safeParse({ prompt: ['a'] }).success, false);
  });

  test('property: the echo keeps at most max_tokens words and says who answered', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        (words, maxTokens) => {
          const request = completionRequestSchema.parse({ prompt: words.join(' '), max_tokens: maxTokens });
          const completion = buildCompletion('w-1', 'mini-llm', request);
          const choice = completion.choices[0]!;
          const kept = words.slice(0, maxTokens);
          assert.equal(choice.text, `echo from w-1: ${kept.join(' ')}`);
          assert.equal(choice.finish_reason, words.length > maxTokens ? 'length' : 'stop');
          assert.equal(completion.usage.completion_tokens, kept.length);
          assert.equal(completion.model, 'mini-llm');
        },
      ),
    );
  });

  test('heartbeats need an http URL; subjects are per worker', () => {
    assert.equal(heartbeatSchema.safeParse({ id: 'w', url: 'http://10.0.0.1:9000', model: 'm' }).success, true);
    assert.equal(heartbeatSchema.safeParse({ id: 'w', url: 'nats://x', model: 'm' }).success, false);
    assert.equal(generateSubject('vllm-decode-worker-0'), 'dynamo.worker.vllm-decode-worker-0.generate');
  });
});

describe('app config', () => {
  test('worker defaults and the advertised URL (IPv6 bracketed)', () => {
    const config = workerConfigFromEnv({ POD_NAME: 'w-0', POD_IP: '10.1.2.3' });
    assert.equal(config.PORT, 9000);
    assert.equal(config.MODEL, 'mini-llm');
    assert.equal(config.NATS_URL, 'nats://127.0.0.1:4222');
    assert.equal(workerUrl('10.1.2.3', 9000), 'http://10.1.2.3:9000');
    assert.equal(workerUrl('fd00::5', 9000), 'http://[fd00::5]:9000');
  });

  test('frontend defaults match the documented ones', () => {
    const config = frontendConfigFromEnv({});
    assert.equal(config.PORT, 8000);
    assert.equal(config.WORKER_TTL_MS, 3000);
    assert.equal(config.REQUEST_TIMEOUT_MS, 2000);
  });

  test('bad values are refused naming the variable', () => {
    assert.throws(() => frontendConfigFromEnv({ PORT: 'eighty' }), (error: unknown) => {
      return error instanceof ValidationError && error.issues.some((issue) => issue.startsWith('PORT'));
    });
    assert.throws(() => frontendConfigFromEnv({ WORKER_TTL_MS: '1' }), /WORKER_TTL_MS/);
    assert.throws(() => workerConfigFromEnv({ NATS_URL: 'not a url' }), /NATS_URL must be a NATS URL/);
    assert.throws(() => workerConfigFromEnv({ POD_NAME: 'has space' }), /POD_NAME must be a pod name/);
  });
});
