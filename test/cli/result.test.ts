import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { V1Pod } from '@kubernetes/client-node';
import { exitCodeFor } from '../../runner/contract/exit-codes.ts';
import type { ResultSummary } from '../../runner/contract/result.ts';
import { isResultRecord, junitXml, missingResult, resultFromPod } from '../../runner/cli/incluster/result.ts';

const failed: ResultSummary = {
  scenario: 'worker-nats',
  status: 'failed',
  reason: 'frontend error rate 40% > 5%',
  endedBy: 'assertion',
  durationMs: 65_000,
  steps: [
    { name: 'baseline', status: 'passed', durationMs: 2000 },
    { name: 'partition', status: 'failed', durationMs: 60_000, error: 'error rate 40% > 5% <&>' },
  ],
};

const podWithMessage = (message: string): V1Pod => ({
  status: { containerStatuses: [{ name: 'runner', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, message } } }] },
});

describe('scenario result', () => {
  test('a made-up result for a run without one exits 2', () => {
    assert.equal(exitCodeFor(missingResult('x', 'no record')), 2);
  });

  test('only a scenario.result record with a known status counts', () => {
    assert.ok(isResultRecord({ msg: 'scenario.result', status: 'passed', scenario: 'x' }));
    assert.ok(!isResultRecord({ msg: 'step.end', status: 'passed' }));
    assert.ok(!isResultRecord({ msg: 'scenario.result', status: 'great' }));
  });

  test('falls back to the termination message summary', () => {
    assert.equal(resultFromPod(podWithMessage(JSON.stringify({ scenario: 'x', status: 'failed' })))?.status, 'failed');
    assert.equal(resultFromPod(podWithMessage('OOMKilled')), undefined);
    assert.equal(resultFromPod(undefined), undefined);
  });

  test('JUnit: one suite per scenario, one case per step, the failed step carries its (escaped) message', () => {
    const xml = junitXml(failed);
    assert.match(xml, /<testsuite name="worker-nats"[^>]*tests="2"[^>]*failures="1"/);
    assert.match(xml, /<testcase classname="worker-nats" name="baseline"/);
    assert.match(xml, /<failure message="error rate 40% (&gt;|>) 5% &lt;&amp;(&gt;|>)"/);
  });

  test('JUnit: a failure outside any step still shows as a failed case', () => {
    const xml = junitXml({ scenario: 's', status: 'error', reason: 'deadline exceeded', endedBy: 'timeout', steps: [{ name: 'a', status: 'passed' }] });
    assert.match(xml, /<testcase classname="s" name="scenario"[^>]*>\s*<error message="deadline exceeded \(ended by timeout\)"/);
  });
});
