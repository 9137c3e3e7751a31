import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '../../runner/util/errors.ts';
import { generateJobName, parseEnvPairs, parseRunInclusterOptions, parseScenarioArg } from '../../runner/cli/incluster/options.ts';

const issuesOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ValidationError, `expected ValidationError, got ${String(error)}`);
    return [...error.issues];
  }
  assert.fail('expected a ValidationError');
};

describe('run-incluster options', () => {
  test('defaults: 600 s, text, netpart-runner, no schedule', () => {
    const options = parseRunInclusterOptions({ timeout: '600', output: 'text', serviceAccount: 'netpart-runner', env: [] });
    assert.equal(options.timeout, 600);
    assert.equal(options.output, 'text');
    assert.deepEqual(options.env, {});
    assert.equal(options.schedule, undefined);
  });

  test('every bad flag is named in one error', () => {
    const issues = issuesOf(() =>
      parseRunInclusterOptions({ namespace: 'Bad_NS', timeout: 'soon', output: 'xml', schedule: '* * *', frontendUrl: 'ftp://x', env: ['NOPE'] }),
    );
    for (const flag of ['-n/--namespace', '--timeout', '-o/--output', '--schedule', '--frontend-url', '--env']) {
      assert.ok(
        issues.some((i) => i.startsWith(flag)),
        `an issue names ${flag}: ${issues.join(' | ')}`,
      );
    }
  });

  test('--history: whole runs 1-100, only with --schedule', () => {
    const flags = { timeout: '600', output: 'text', serviceAccount: 'netpart-runner', env: [] };
    assert.equal(parseRunInclusterOptions({ ...flags, schedule: '0 * * * *', history: '7' }).history, 7);
    assert.equal(parseRunInclusterOptions({ ...flags, schedule: '0 * * * *' }).history, undefined);
    assert.match(issuesOf(() => parseRunInclusterOptions({ ...flags, history: '7' }))[0]!, /^--history: only a scheduled check \(--schedule\)/);
    for (const bad of ['0', '101', '2.5', 'many']) {
      assert.match(issuesOf(() => parseRunInclusterOptions({ ...flags, schedule: '0 * * * *', history: bad }))[0]!, /^--history: must be/);
    }
  });

  test('--env rejects reserved, malformed and duplicate names, keeps "=" inside values', () => {
    assert.deepEqual(parseEnvPairs(['A=1', 'B=x=y', 'C=']), { A: '1', B: 'x=y', C: '' });
    assert.match(issuesOf(() => parseEnvPairs(['APP_NAMESPACE=x']))[0]!, /use -n\/--namespace/);
    assert.match(issuesOf(() => parseEnvPairs(['9A=1']))[0]!, /names are letters/);
    assert.match(issuesOf(() => parseEnvPairs(['A=1', 'A=2']))[0]!, /given twice/);
  });

  test('a path is a file scenario, a bare name is built in, anything else is refused', () => {
    assert.deepEqual(parseScenarioArg('worker-nats'), { kind: 'builtin', name: 'worker-nats' });
    assert.deepEqual(parseScenarioArg('./my_Test.ts'), { kind: 'file', path: './my_Test.ts', name: 'my-test' });
    assert.equal(parseScenarioArg('scenarios/x.mjs').kind, 'file');
    issuesOf(() => parseScenarioArg('Worker NATS'));
  });

  test('generated Job names are valid DNS labels short enough for a CronJob and the job-name label', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/), (scenario) => {
        const name = generateJobName(scenario);
        return name.length <= 52 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
      }),
    );
  });
});
