// Reading API failures: an ApiException made by another bundle's copy of client-node (the runner entry is bundled apart).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiException } from '@kubernetes/client-node';
import { adoptApiException, kubeErrorMessage, statusCode } from '../../runner/kube/errors.ts';

/** What runner/main.mjs's own copy of client-node's class looks like from the rest of the runner. */
class ForeignApiException extends Error {
  constructor(
    readonly code: number,
    readonly body: unknown,
    readonly headers: Record<string, string>,
  ) {
    super(`HTTP-Code: ${code}\nMessage: GET /apis/networking.k8s.io/v1/namespaces/app/networkpolicies`);
  }
}
Object.defineProperty(ForeignApiException, 'name', { value: 'ApiException' });

describe('adoptApiException', () => {
  test("another copy's ApiException becomes this one's, code, body, headers and message kept", () => {
    const status = { kind: 'Status', message: 'networkpolicies is forbidden', code: 403 };
    const foreign = new ForeignApiException(403, status, { 'content-type': 'application/json' });
    assert.equal(statusCode(foreign), undefined, 'instanceof fails across copies');
    const adopted = adoptApiException(foreign);
    assert.ok(adopted instanceof ApiException);
    assert.equal(statusCode(adopted), 403);
    assert.deepEqual(adopted.body, status);
    assert.equal(adopted.message, foreign.message, 'the failed request stays named');
    assert.equal(kubeErrorMessage(adopted), 'networkpolicies is forbidden (HTTP 403)');
  });

  test('anything else is returned as it is', () => {
    const own = new ApiException(404, 'GET x', {}, {});
    assert.equal(adoptApiException(own), own);
    const plain = new Error('ECONNREFUSED');
    assert.equal(adoptApiException(plain), plain);
    assert.equal(adoptApiException('text'), 'text');
    const nameOnly = Object.assign(new ForeignApiException(0, {}, {}), { code: 'E' as unknown as number });
    assert.equal(adoptApiException(nameOnly), nameOnly, 'a code that is not a number is not an HTTP status');
  });
});
