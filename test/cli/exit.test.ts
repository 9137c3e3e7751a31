import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCliError } from '../../runner/cli/common/exit.ts';
import { NetpartError, RefusedError, ValidationError, ERROR_CODES } from '../../runner/util/errors.ts';
import { PodStuckError } from '../../runner/cli/incluster/watch-pod.ts';

describe('describeCliError: the CLI decides by code', () => {
  test('user errors: their message, never a stack', () => {
    process.env.NETPART_DEBUG = '1';
    try {
      assert.deepEqual(describeCliError(new ValidationError('bad', ['namespace: required; pass -n'])), {
        message: 'invalid input:\n  namespace: required; pass -n',
        showStack: false,
      });
      assert.deepEqual(describeCliError(new RefusedError('no pods match', 'no-targets')), { message: 'refused: no pods match', showStack: false });
      assert.equal(describeCliError(new PodStuckError({ reason: 'ImagePullBackOff', message: 'x', fix: 'push the image', fatal: true })).showStack, false);
      // an internal one keeps its stack for debugging
      assert.equal(describeCliError(new NetpartError(ERROR_CODES.staleView, 'targets changed')).showStack, true);
    } finally {
      delete process.env.NETPART_DEBUG;
    }
  });

  test('a name alone does not make a user error any more', () => {
    const lookalike = Object.assign(new Error('boom'), { name: 'SomethingError' });
    assert.equal(describeCliError(lookalike).message, 'boom');
    process.env.NETPART_DEBUG = '1';
    try {
      assert.equal(describeCliError(lookalike).showStack, true);
    } finally {
      delete process.env.NETPART_DEBUG;
    }
  });
});
