import { test, describe, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { clearModelCache, sendCompletionRequest } from '../../runner/checks/completion.ts';
import { CheckRequestError } from '../../runner/checks/errors.ts';
import { closedPortUrl, completionBody, sendJson, suiteServers, type Handler } from './loopback.ts';

// An OpenAI-compatible frontend that lists `models` and echoes the prompt it was sent.
function frontend(models: string[]): Handler {
  return (req, res, body) => {
    if (req.url === '/v1/models') {
      sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id })) });
      return;
    }
    const parsed = JSON.parse(body) as { prompt: string };
    sendJson(res, 200, completionBody(`echo: ${parsed.prompt}`));
  };
}

describe('sendCompletionRequest', () => {
  const serve = suiteServers();
  beforeEach(() => clearModelCache());

  test('sends {model, prompt, max_tokens, temperature} with the first listed model, looked up once', async () => {
    const server = await serve(frontend(['mini-llm', 'other']));
    const first = await sendCompletionRequest('hello', 16, { frontendUrl: server.url });
    await sendCompletionRequest('again', 4, { frontendUrl: server.url, temperature: 0.7 });
    assert.equal(first.status, 200);
    assert.ok(first.latencyMs >= 0);
    assert.deepEqual((first.body as { choices: { text: string }[] }).choices[0]!.text, 'echo: hello');
    const paths = server.requests.map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(paths, ['GET /v1/models', 'POST /v1/completions', 'POST /v1/completions']);
    assert.deepEqual(JSON.parse(server.requests[1]!.body), { model: 'mini-llm', prompt: 'hello', max_tokens: 16, temperature: 0 });
    assert.deepEqual(JSON.parse(server.requests[2]!.body), { model: 'mini-llm', prompt: 'again', max_tokens: 4, temperature: 0.7 });
  });

  test('an explicit model skips discovery', async () => {
    const server = await serve(frontend(['mini-llm']));
    await sendCompletionRequest('x', 1, { frontendUrl: server.url, model: 'chosen' });
    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/v1/completions'],
    );
    assert.equal(JSON.parse(server.requests[0]!.body).model, 'chosen');
  });

  test('a failed model lookup is not cached', async () => {
    let up = false;
    const server = await serve((req, res) => {
      if (!up) {
        sendJson(res, 503, { detail: 'starting' });
        return;
      }
      if (req.url === '/v1/models') {
        sendJson(res, 200, { data: [{ id: 'late-model' }] });
        return;
      }
      sendJson(res, 200, completionBody('ok'));
    });
    await assert.rejects(sendCompletionRequest('x', 1, { frontendUrl: server.url }), (error: unknown) => {
      return error instanceof CheckRequestError && error.kind === 'http_5xx' && /pass opts.model/.test(error.message);
    });
    up = true;
    const result = await sendCompletionRequest('x', 1, { frontendUrl: server.url });
    assert.equal(result.status, 200);
    assert.equal(JSON.parse(server.requests.at(-1)!.body).model, 'late-model');
  });

  test('HTTP 500 is returned (not thrown) with errorKind http_5xx', async () => {
    const server = await serve((_req, res) => sendJson(res, 500, { detail: 'boom' }));
    const result = await sendCompletionRequest('x', 1, { frontendUrl: server.url, model: 'm' });
    assert.equal(result.status, 500);
    assert.equal(result.errorKind, 'http_5xx');
    assert.deepEqual(result.body, { detail: 'boom' });
  });

  test('a body that is not JSON: errorKind invalid_response, raw text kept', async () => {
    const server = await serve((_req, res) => void res.writeHead(200).end('<html>proxy</html>'));
    const result = await sendCompletionRequest('x', 1, { frontendUrl: server.url, model: 'm' });
    assert.equal(result.errorKind, 'invalid_response');
    assert.equal(result.body, '<html>proxy</html>');
  });

  test('network failures throw CheckRequestError with kind refused / timeout / reset', async () => {
    const refused = await closedPortUrl();
    await assert.rejects(sendCompletionRequest('x', 1, { frontendUrl: refused, model: 'm' }), { name: 'CheckRequestError', kind: 'refused' });
    const slow = await serve((_req, res) => void setTimeout(() => sendJson(res, 200, {}), 2000));
    await assert.rejects(sendCompletionRequest('x', 1, { frontendUrl: slow.url, model: 'm', timeoutMs: 100 }), { kind: 'timeout' });
    const reset = await serve((req) => void req.socket.destroy());
    await assert.rejects(sendCompletionRequest('x', 1, { frontendUrl: reset.url, model: 'm' }), { kind: 'reset' });
  });

  test('bad maxTokens is refused before any request', async () => {
    await assert.rejects(sendCompletionRequest('x', 0, { frontendUrl: 'http://127.0.0.1:1', model: 'm' }), /maxTokens must be a positive integer/);
  });
});
