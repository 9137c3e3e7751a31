// Which enforcer the enforcer bench reports: the flag, else the testbed state beside the kubeconfig, else "unknown".
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { enforcerName, EnforcerNameError } from '../../../bench/enforcer/name.ts';

/** A testbed cache laid out as the testbed writes it: <cache>/state.json and <cache>/run-x/kubeconfig. */
function cacheWith(state: object | undefined): string {
  const cache = mkdtempSync(join(tmpdir(), 'enforcer-name-'));
  mkdirSync(join(cache, 'run-x'));
  const kubeconfig = join(cache, 'run-x', 'kubeconfig');
  writeFileSync(kubeconfig, '{}');
  if (state) writeFileSync(join(cache, 'state.json'), JSON.stringify({ ...state, kubeconfig: 'kubeconfig' in state ? state.kubeconfig : kubeconfig }));
  return kubeconfig;
}

describe('enforcerName', () => {
  test('the testbed state names the enforcer; a netns testbed without one runs kube-router', () => {
    assert.equal(enforcerName(cacheWith({ dataplane: 'netns', enforcer: 'calico' }), undefined), 'calico');
    assert.equal(enforcerName(cacheWith({ dataplane: 'netns' }), undefined), 'kube-router');
  });

  test('a host-dataplane testbed enforces nothing', () => {
    assert.equal(enforcerName(cacheWith({ dataplane: 'host' }), undefined), 'none (host dataplane)');
  });

  test('a state that belongs to another kubeconfig, or none at all, gives unknown and names the flag', () => {
    assert.match(enforcerName(cacheWith({ dataplane: 'netns', enforcer: 'calico', kubeconfig: '/elsewhere/kubeconfig' }), undefined), /unknown.*--enforcer/);
    assert.match(enforcerName(cacheWith(undefined), undefined), /unknown.*--enforcer/);
  });

  test('--enforcer overrides the state; an empty or odd name is refused naming the flag', () => {
    assert.equal(enforcerName(cacheWith({ dataplane: 'netns', enforcer: 'calico' }), 'cilium 1.16'), 'cilium 1.16');
    for (const bad of ['', '--json', 'a;rm -rf'])
      assert.throws(
        () => enforcerName(cacheWith(undefined), bad),
        (e: Error) => e instanceof EnforcerNameError && /--enforcer/.test(e.message),
      );
  });
});
