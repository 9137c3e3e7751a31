// `npm start` refuses, with the reason and the fix, wherever the dataplane cannot run (never a silent host fallback).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoRefusal } from '../../scripts/demo-preflight.ts';

describe('demoRefusal', () => {
  test('nothing blocks the dataplane: the demo runs', () => {
    assert.equal(demoRefusal([], {}), undefined);
  });

  test('each blocker is listed with the fix and what to run instead', () => {
    const text = demoRefusal(['not running as root (…): run it as root, e.g. with sudo', 'ipset is not installed (apt-get install -y ipset)'], {}) ?? '';
    assert.match(text, /needs the testbed dataplane/);
    assert.match(text, /\n {2}- not running as root .*sudo\n {2}- ipset is not installed \(apt-get install -y ipset\)\n/);
    assert.match(text, /scripts\/install-host-deps\.sh/);
    assert.match(text, /npm run test:unit/);
  });

  test('TESTBED_DATAPLANE=host is refused even on a host that could run the dataplane', () => {
    assert.match(demoRefusal([], { TESTBED_DATAPLANE: 'host' }) ?? '', /TESTBED_DATAPLANE=host forces the host sandbox: unset it/);
  });
});
