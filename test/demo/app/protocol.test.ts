import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildCompletion,
  completionRequestSchema,
  completionsSubject,
  heartbeatSchema,
  workReplySchema,
  workRequestSchema,
} from '../../../runner/demo/app/protocol.ts';
import { frontendConfigFromEnv, podUrl, workerConfigFromEnv } from '../../../runner/demo/app/config.ts';
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
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 40 }), (words, maxTokens) => {
        const request = completionRequestSchema.parse({ prompt: words.join(' '), max_tokens: maxTokens });
        const completion = buildCompletion('w-1', 'mini-llm', request);
        const choice = completion.choices[0]!;
        const kept = words.slice(0, maxTokens);
        assert.equal(choice.text, `echo from w-1: ${kept.join(' ')}`);
        assert.equal(choice.finish_reason, words.length > maxTokens ? 'length' : 'stop');
        assert.equal(completion.usage.completion_tokens, kept.length);
        assert.equal(completion.model, 'mini-llm');
      }),
    );
  });

  test('heartbeats need an http URL; subjects are per worker', () => {
    assert.equal(heartbeatSchema.safeParse({ id: 'w', url: 'http://10.0.0.1:9000', model: 'm' }).success, true);
    assert.equal(heartbeatSchema.safeParse({ id: 'w', url: 'nats://x', model: 'm' }).success, false);
    assert.equal(completionsSubject('vllm-decode-worker-0'), 'dynamo.worker.vllm-decode-worker-0.completions');
  });

  test('request-plane messages carry an id, an http reply URL and a budget; replies carry an HTTP status', () => {
    const work = { id: 'a1b2-c3', replyTo: 'http://10.0.0.9:8000/internal/replies/a1b2-c3', timeoutMs: 2000, request: { prompt: 'x' } };
    assert.equal(workRequestSchema.safeParse(work).success, true);
    assert.equal(workRequestSchema.safeParse({ ...work, replyTo: 'nats://x' }).success, false);
    assert.equal(workRequestSchema.safeParse({ ...work, id: '../etc' }).success, false, 'the id ends up in a URL path');
    assert.equal(workRequestSchema.safeParse({ ...work, timeoutMs: 0 }).success, false);
    assert.equal(workReplySchema.safeParse({ worker: 'w', status: 200, body: {} }).success, true);
    assert.equal(workReplySchema.safeParse({ worker: 'w', status: 99, body: {} }).success, false);
  });
});

describe('app config', () => {
  test('worker defaults and the advertised URL (IPv6 bracketed)', () => {
    const config = workerConfigFromEnv({ POD_NAME: 'w-0', POD_IP: '10.1.2.3' });
    assert.equal(config.PORT, 9000);
    assert.equal(config.MODEL, 'mini-llm');
    assert.equal(config.NATS_URL, 'nats://127.0.0.1:4222');
    assert.equal(config.HEARTBEAT_MS, 1000);
    assert.equal(config.NATS_PING_INTERVAL_MS, 1000);
    assert.equal(config.NATS_MAX_PINGS_OUT, 3);
    assert.equal(config.NATS_RECONNECT_EVERY_MS, 0);
    assert.equal(podUrl('10.1.2.3', 9000), 'http://10.1.2.3:9000');
    assert.equal(podUrl('fd00::5', 9000), 'http://[fd00::5]:9000');
  });

  test('frontend defaults match the documented ones', () => {
    const config = frontendConfigFromEnv({});
    assert.equal(config.PORT, 8000);
    assert.equal(config.WORKER_TTL_MS, 3000);
    assert.equal(config.REQUEST_TIMEOUT_MS, 2000);
    assert.equal(config.WORKER_BACKOFF_MS, 5000);
    assert.equal(config.WORKER_BACKOFF_MAX_MS, 60_000);
    assert.equal(frontendConfigFromEnv({ POD_IP: '10.0.0.7' }).POD_IP, '10.0.0.7');
  });

  test('bad values are refused naming the variable', () => {
    assert.throws(
      () => frontendConfigFromEnv({ PORT: 'eighty' }),
      (error: unknown) => {
        return error instanceof ValidationError && error.issues.some((issue) => issue.startsWith('PORT'));
      },
    );
    assert.throws(() => frontendConfigFromEnv({ WORKER_TTL_MS: '1' }), /WORKER_TTL_MS/);
    assert.throws(() => workerConfigFromEnv({ NATS_URL: 'not a url' }), /NATS_URL must be a NATS URL/);
    assert.throws(() => workerConfigFromEnv({ POD_NAME: 'has space' }), /POD_NAME must be a pod name/);
    assert.throws(
      () => frontendConfigFromEnv({ WORKER_BACKOFF_MS: '5000', WORKER_BACKOFF_MAX_MS: '1000' }),
      /WORKER_BACKOFF_MAX_MS must be at least WORKER_BACKOFF_MS/,
    );
    assert.throws(() => workerConfigFromEnv({ NATS_MAX_PINGS_OUT: '0' }), /NATS_MAX_PINGS_OUT/);
  });
});
