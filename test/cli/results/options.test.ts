// `run-incluster results` flags: defaults, one error naming every bad flag, a scenario file becomes its name.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../../runner/util/errors.ts';
import { parseResultsOptions } from '../../../runner/cli/incluster/results/options.ts';

const issuesOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ValidationError, `expected ValidationError, got ${String(error)}`);
    return [...error.issues];
  }
  assert.fail('expected a ValidationError');
};

describe('results options', () => {
  test('defaults: table, 20 runs, every scenario, the context namespace', () => {
    assert.deepEqual(parseResultsOptions(undefined, { output: 'table', limit: '20' }), { output: 'table', limit: 20 });
    assert.deepEqual(parseResultsOptions('worker-nats', { namespace: 'dynamo', output: 'json', limit: '5' }), {
      namespace: 'dynamo',
      output: 'json',
      limit: 5,
      scenario: 'worker-nats',
    });
  });

  test('a scenario file is listed under the name its Jobs carry', () => {
    assert.equal(parseResultsOptions('./checks/My_Check.ts', {}).scenario, 'my-check');
  });

  test('every bad flag and argument is named in one error, with the fix', () => {
    const issues = issuesOf(() => parseResultsOptions('Not A Scenario', { namespace: 'Bad_NS', output: 'yaml', limit: 'all' }));
    assert.equal(issues.length, 4, issues.join(' | '));
    assert.match(
      issues.find((i) => i.startsWith('-n/--namespace'))!,
      /DNS label/,
    );
    assert.match(
      issues.find((i) => i.startsWith('-o/--output'))!,
      /"table" or "json", e\.g\. -o json/,
    );
    assert.match(
      issues.find((i) => i.startsWith('--limit'))!,
      /whole number of runs, e\.g\. --limit 10/,
    );
    assert.match(
      issues.find((i) => i.startsWith('[scenario]'))!,
      /"Not A Scenario" is neither a built-in scenario name/,
    );
    for (const limit of ['0', '501', '1.5']) assert.match(issuesOf(() => parseResultsOptions(undefined, { limit }))[0]!, /^--limit: must be/);
  });
});
