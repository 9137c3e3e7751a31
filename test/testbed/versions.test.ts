// Every component version is pinned once, in testbed/versions.ts: the build scripts take theirs as required arguments
// (no default of their own to drift), each build passes the pinned one, and the cache dirs are named after it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describe, test } from 'node:test';
import { CALICO_BUILD, COREDNS_BUILD, KUBE_ROUTER_BUILD, KUBERNETES_BUILD, NATS_BUILD } from '../../testbed/build/component-builds.ts';
import { BIN_DIR } from '../../testbed/paths.ts';
import { CALICO_MODULE_VERSION, CALICO_VERSION, COREDNS_VERSION, K8S_VERSION, KUBE_ROUTER_VERSION, NATS_VERSION } from '../../testbed/versions.ts';

const BUILDS = [
  { build: KUBERNETES_BUILD, args: [K8S_VERSION], dir: K8S_VERSION },
  { build: NATS_BUILD, args: [NATS_VERSION], dir: `nats-${NATS_VERSION}` },
  { build: KUBE_ROUTER_BUILD, args: [KUBE_ROUTER_VERSION], dir: `kube-router-${KUBE_ROUTER_VERSION}` },
  { build: CALICO_BUILD, args: [CALICO_VERSION, CALICO_MODULE_VERSION], dir: `calico-${CALICO_VERSION}` },
  { build: COREDNS_BUILD, args: [COREDNS_VERSION], dir: `coredns-${COREDNS_VERSION}` },
];

describe('component versions', () => {
  for (const { build, args, dir } of BUILDS) {
    test(`${build.what}: the build passes the pinned version and its binaries live in bin/${dir}`, () => {
      assert.deepEqual(build.args, args);
      for (const binary of build.binaries) assert.equal(basename(dirname(binary)), dir);
    });

    test(`${build.what}: ${basename(dirname(build.script))}/${basename(build.script)} pins no version of its own`, () => {
      const script = readFileSync(build.script, 'utf8');
      for (const version of args) assert.ok(!script.includes(version), `${build.script} repeats ${version}; take it from the arguments`);
      // Without its argument the script stops at once, naming where the version is pinned (nothing is built or locked).
      const run = spawnSync('bash', [build.script], { encoding: 'utf8', env: { ...process.env, TESTBED_CACHE: '/nonexistent/netpart-versions-test' } });
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /testbed\/versions\.ts/);
    });
  }

  test('the Kubernetes binaries dir is the one kube-proxy and the control plane start from', () => {
    assert.equal(dirname(KUBERNETES_BUILD.binaries[0] ?? ''), BIN_DIR);
  });
});
