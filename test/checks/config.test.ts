import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { getConfigFromEnv } from '../../runner/checks/config.ts';
import { ValidationError } from '../../runner/util/errors.ts';

describe('getConfigFromEnv', () => {
  test('defaults match the guide', () => {
    assert.deepEqual(getConfigFromEnv({}), { apiUrl: 'http://localhost:8080', frontendUrl: 'http://localhost:8000' });
  });

  test('reads all three variables and strips trailing slashes', () => {
    const config = getConfigFromEnv({
      API_URL: 'http://api.faults.svc:8080/',
      FRONTEND_URL: 'https://front.example:8443/prefix//',
      APP_NAMESPACE: 'dynamo',
    });
    assert.deepEqual(config, {
      apiUrl: 'http://api.faults.svc:8080',
      frontendUrl: 'https://front.example:8443/prefix',
      appNamespace: 'dynamo',
    });
  });

  test('blank variables fall back to the defaults', () => {
    assert.equal(getConfigFromEnv({ FRONTEND_URL: '  ', APP_NAMESPACE: '' }).frontendUrl, 'http://localhost:8000');
    assert.equal(getConfigFromEnv({ APP_NAMESPACE: '' }).appNamespace, undefined);
  });

  test('a URL that does not parse is rejected, naming the variable', () => {
    assert.throws(
      () => getConfigFromEnv({ FRONTEND_URL: 'localhost:8000' }),
      (error: unknown) =>
        error instanceof ValidationError && /FRONTEND_URL/.test(error.message) && error.issues.some((issue) => issue.startsWith('FRONTEND_URL')),
    );
    assert.throws(() => getConfigFromEnv({ API_URL: 'not a url' }), /must be an absolute http\(s\) URL[\s\S]*at API_URL/);
    assert.throws(() => getConfigFromEnv({ API_URL: 'ftp://host/' }), /API_URL/);
  });

  test('a namespace that Kubernetes would refuse is rejected', () => {
    assert.throws(() => getConfigFromEnv({ APP_NAMESPACE: 'Dynamo_NS' }), /must be a namespace name[\s\S]*at APP_NAMESPACE/);
  });

  test('property: every http(s) URL round-trips without trailing slashes', () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['http', 'https'] }), (url) => {
        const { frontendUrl } = getConfigFromEnv({ FRONTEND_URL: url });
        assert.equal(frontendUrl, url.replace(/\/+$/, ''));
        assert.ok(!frontendUrl.endsWith('/'));
      }),
    );
  });
});
