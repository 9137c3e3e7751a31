// The dataplane choice when it is forced off: a fallback for tests and benches, a refusal for whoever requires it.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { chooseDataplaneMode, DataplaneUnavailableError } from '../../../testbed/dataplane/mode.ts';

describe('chooseDataplaneMode with TESTBED_DATAPLANE=host', () => {
  const saved = process.env.TESTBED_DATAPLANE;
  afterEach(() => {
    if (saved === undefined) delete process.env.TESTBED_DATAPLANE;
    else process.env.TESTBED_DATAPLANE = saved;
  });

  test('falls back to the host sandbox, saying that NetworkPolicies are not enforced', async () => {
    process.env.TESTBED_DATAPLANE = 'host';
    const lines: string[] = [];
    assert.equal(await chooseDataplaneMode((l) => lines.push(l)), 'host');
    assert.match(lines.join('\n'), /NOT enforced/);
  });

  test('is refused with the fix when the caller requires the dataplane (npm start)', async () => {
    process.env.TESTBED_DATAPLANE = 'host';
    await assert.rejects(
      chooseDataplaneMode(() => undefined, { required: true }),
      (e: unknown) => e instanceof DataplaneUnavailableError && /unset TESTBED_DATAPLANE/.test(e.message),
    );
  });
});
