// Runner env and scenario env parsing: defaults, the in-Job APP_NAMESPACE rule, errors naming the variable.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { effectiveTimeoutSeconds, parseRunnerEnv, parseScenarioEnv } from '../../runner/scenario/config.ts';

describe('parseRunnerEnv', () => {
  test('defaults follow getConfigFromEnv', () => {
    const env = parseRunnerEnv({ NETPART_SCENARIO: 'worker-nats' });
    assert.equal(env.apiUrl, 'http://localhost:8080');
    assert.equal(env.frontendUrl, 'http://localhost:8000');
    assert.equal(env.terminationLog, '/dev/termination-log');
    assert.equal(env.job, undefined);
    assert.equal(env.inCluster, false);
  });

  test('inside a Job, APP_NAMESPACE is required and the Job identity is read from the downward API', () => {
    assert.throws(() => parseRunnerEnv({ NETPART_SCENARIO: 'x', NETPART_JOB_NAME: 'j' }), /APP_NAMESPACE: is required inside a Job/);
    const env = parseRunnerEnv({ NETPART_SCENARIO: 'x', NETPART_JOB_NAME: 'j', NETPART_JOB_UID: 'u', APP_NAMESPACE: 'demo', POD_NAMESPACE: 'demo' });
    assert.deepEqual(env.job, { name: 'j', uid: 'u', namespace: 'demo' });
  });

  test('each bad variable is named with its fix', () => {
    assert.throws(
      () => parseRunnerEnv({}),
      (e: Error & { issues: string[] }) => e.issues.some((i) => i.startsWith('NETPART_SCENARIO: is required')),
    );
    assert.throws(() => parseRunnerEnv({ NETPART_SCENARIO: 'x', NETPART_TIMEOUT_SECONDS: '1.5' }), /NETPART_TIMEOUT_SECONDS: must be a whole number/);
    assert.throws(() => parseRunnerEnv({ NETPART_SCENARIO: 'x', FRONTEND_URL: 'frontend:8000' }), /FRONTEND_URL: must be an absolute http\(s\) URL/);
    assert.throws(() => parseRunnerEnv({ NETPART_SCENARIO: 'x', APP_NAMESPACE: 'Bad_NS' }), /APP_NAMESPACE: must be a namespace name/);
    assert.throws(() => parseRunnerEnv({ NETPART_SCENARIO: 'x', LOG_LEVEL: 'loud' }), /LOG_LEVEL: must be one of/);
  });

  test('the runner and getConfigFromEnv read API_URL/FRONTEND_URL/APP_NAMESPACE the same way (trailing slash dropped)', () => {
    const env = parseRunnerEnv({ NETPART_SCENARIO: 'x', FRONTEND_URL: 'http://frontend:8000/', API_URL: 'https://api.example/' });
    assert.equal(env.frontendUrl, 'http://frontend:8000');
    assert.equal(env.apiUrl, 'https://api.example');
    const long = 'a'.repeat(64);
    assert.throws(() => parseRunnerEnv({ NETPART_SCENARIO: 'x', APP_NAMESPACE: long }), /APP_NAMESPACE: must be a namespace name/);
  });
});

describe('parseScenarioEnv and the deadline', () => {
  test('validates the scenario schema and names the variable', () => {
    const schema = z.object({ MIN_AVAILABILITY: z.coerce.number().max(1).default(0.95) });
    assert.deepEqual(parseScenarioEnv('s', schema, {}), { MIN_AVAILABILITY: 0.95 });
    assert.throws(() => parseScenarioEnv('s', schema, { MIN_AVAILABILITY: 'high' }), /invalid settings for scenario "s":\n {2}MIN_AVAILABILITY:/);
    assert.deepEqual(parseScenarioEnv('s', undefined, { A: '1' }), {});
  });

  test('the smaller of NETPART_TIMEOUT_SECONDS and the scenario timeout wins', () => {
    assert.equal(effectiveTimeoutSeconds(300, undefined), 300);
    assert.equal(effectiveTimeoutSeconds(300, 120), 120);
    assert.equal(effectiveTimeoutSeconds(60, 120), 60);
  });
});
