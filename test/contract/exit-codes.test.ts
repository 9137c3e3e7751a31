import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ENDED_BY, EXIT_CODES, RESULT_STATUSES, exitCodeFor } from '../../runner/contract/index.ts';

describe('exitCodeFor: the one mapping of the runner and run-incluster', () => {
  test('status decides when the run was not stopped by a signal: passed 0, failed 1, error 2', () => {
    assert.equal(exitCodeFor({ status: 'passed', endedBy: 'completed' }), 0);
    assert.equal(exitCodeFor({ status: 'failed', endedBy: 'assertion' }), 1);
    assert.equal(exitCodeFor({ status: 'failed', endedBy: 'timeout' }), 1);
    assert.equal(exitCodeFor({ status: 'error', endedBy: 'error' }), 2);
    // the termination-message summary and older records may lack endedBy
    assert.equal(exitCodeFor({ status: 'failed' }), 1);
  });

  test('a signal wins over the status: 128 + its number', () => {
    for (const status of RESULT_STATUSES) {
      assert.equal(exitCodeFor({ status, endedBy: 'SIGTERM' }), 143);
      assert.equal(exitCodeFor({ status, endedBy: 'SIGINT' }), 130);
    }
  });

  test('no result at all is an error', () => {
    assert.equal(exitCodeFor(undefined), 2);
  });

  test('every status × ending maps to a declared code, 0 only for a passed run not stopped', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RESULT_STATUSES), fc.constantFrom(...ENDED_BY), (status, endedBy) => {
        const code = exitCodeFor({ status, endedBy });
        assert.ok((Object.values(EXIT_CODES) as number[]).includes(code));
        assert.equal(code === 0, status === 'passed' && endedBy !== 'SIGTERM' && endedBy !== 'SIGINT');
      }),
    );
  });
});
