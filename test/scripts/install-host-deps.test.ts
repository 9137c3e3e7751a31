// scripts/install-host-deps.sh on simulated hosts (a PATH of fakes, never the real apt-get): what it installs, and
// that without root it stops within seconds naming the exact command.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { K8S_VERSION, REPO_ROOT } from '../../testbed/index.ts';

const SCRIPT = join(REPO_ROOT, 'scripts', 'install-host-deps.sh');
const ALL_TOOLS = ['openssl', 'unshare', 'setpriv', 'mount', 'ip', 'iptables', 'ipset', 'conntrack', 'sysctl', 'go', 'kubectl'];

function fake(dir: string, name: string, body: string): void {
  writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(dir, name), 0o755);
}

/** A bin dir holding only the given tools (fakes), plus `id` reporting `uid` and an apt-get that logs and "installs". */
function host(opts: { tools: string[]; uid: number; aptGet?: boolean }) {
  const bin = mkdtempSync(join(tmpdir(), 'netpart-host-'));
  const log = join(bin, 'apt-get.log');
  for (const tool of opts.tools) fake(bin, tool, tool === 'go' ? 'echo go1.26.8' : 'exit 0');
  fake(bin, 'id', `echo ${opts.uid}`);
  fake(bin, 'uname', 'echo x86_64');
  const toolOf = (pkg: string) => ({ iproute2: 'ip', procps: 'sysctl', 'util-linux': 'unshare' })[pkg] ?? pkg;
  if (opts.aptGet !== false) {
    const installs = ['iproute2', 'procps', 'util-linux', 'iptables', 'ipset', 'conntrack', 'openssl', 'mount', 'chromium']
      .map((p) => `    ${p}) printf '#!/bin/sh\\n' > ${join(bin, toolOf(p))}; /bin/chmod +x ${join(bin, toolOf(p))} ;;`)
      .join('\n');
    fake(bin, 'apt-get', `echo "$*" >> ${log}\n[ "$1" = install ] || exit 0\nfor p in "$@"; do\n  case "$p" in\n${installs}\n  esac\ndone`);
  }
  const run = (args: string[] = [], env: NodeJS.ProcessEnv = {}) => {
    const started = Date.now();
    const r = spawnSync('/bin/bash', [SCRIPT, ...args], {
      encoding: 'utf8',
      env: { PATH: bin, NETPART_HOST_SBIN_DIRS: '', HOME: bin, ...env },
      timeout: 20_000,
    });
    return { status: r.status, stderr: r.stderr, seconds: (Date.now() - started) / 1000 };
  };
  const aptCalls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  return { bin, run, aptCalls };
}

describe('scripts/install-host-deps.sh', () => {
  test('a host with everything: exit 0, silent, installs nothing', () => {
    const h = host({ tools: ALL_TOOLS, uid: 0 });
    const r = h.run();
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(h.aptCalls(), []);
  });

  test('not root, dataplane tools missing: stops within seconds with the exact sudo apt-get command', () => {
    const h = host({ tools: ['openssl', 'unshare', 'setpriv', 'mount', 'go', 'kubectl'], uid: 1000 });
    const r = h.run();
    assert.equal(r.status, 1);
    // A script waiting on a prompt is killed at the 20 s spawn timeout (and fails the status check); this bound, below
    // it, only has to tell "stopped at once" from that, with room for a loaded machine.
    assert.ok(r.seconds < 15, `took ${r.seconds} s`);
    assert.match(r.stderr, /sudo apt-get update && sudo apt-get install -y iproute2 iptables ipset conntrack procps\n/);
    assert.deepEqual(h.aptCalls(), [], 'never runs apt-get without root');
  });

  test('root with apt-get: one apt-get update, one install of exactly the missing packages, then exit 0', () => {
    const h = host({ tools: ['openssl', 'unshare', 'setpriv', 'mount', 'ip', 'sysctl', 'go', 'kubectl'], uid: 0 });
    const r = h.run();
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(h.aptCalls(), ['update -qq', 'install -y -qq --no-install-recommends iptables ipset conntrack']);
    assert.match(r.stderr, /installing the testbed's host packages: iptables ipset conntrack/);
  });

  test('--with-browser (what .ci/run passes) also installs chromium for the report test; without it, no browser', () => {
    const h = host({ tools: ALL_TOOLS, uid: 0 });
    assert.equal(h.run().status, 0);
    assert.deepEqual(h.aptCalls(), [], 'npm start and npm test do not pull a browser');
    const r = h.run(['--with-browser']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(h.aptCalls(), ['update -qq', 'install -y -qq --no-install-recommends chromium']);
    assert.match(r.stderr, /installing the testbed's host packages and the report test's browser: chromium/);
    const user = host({ tools: ALL_TOOLS, uid: 1000 }).run(['--with-browser']);
    assert.equal(user.status, 1);
    assert.match(
      user.stderr,
      /the HTML report's browser test need these Debian\/Ubuntu packages, which are missing: chromium\n.*\n {4}sudo apt-get update && sudo apt-get install -y chromium\n/,
    );
  });

  test('--check as root installs nothing and prints the command without sudo', () => {
    const h = host({ tools: ['openssl', 'unshare', 'setpriv', 'mount', 'go', 'kubectl', 'ip', 'sysctl', 'ipset', 'conntrack'], uid: 0 });
    const r = h.run(['--check']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /\n {4}apt-get update && apt-get install -y iptables\n/);
    assert.deepEqual(h.aptCalls(), []);
  });

  test('no apt-get: names the packages for another package manager', () => {
    const h = host({ tools: ['openssl', 'unshare', 'setpriv', 'mount', 'go', 'kubectl'], uid: 0, aptGet: false });
    const r = h.run();
    assert.equal(r.status, 1);
    assert.match(r.stderr, /missing: iproute2 iptables ipset conntrack procps/);
    assert.match(r.stderr, /no apt-get here/);
  });

  test('TESTBED_DATAPLANE=host needs no dataplane tools', () => {
    const h = host({ tools: ['openssl', 'unshare', 'setpriv', 'mount', 'go', 'kubectl'], uid: 1000 });
    assert.equal(h.run([], { TESTBED_DATAPLANE: 'host' }).status, 0);
  });

  test('Go missing: the exact install command; --no-go when everything is built', () => {
    const h = host({ tools: ALL_TOOLS.filter((t) => t !== 'go'), uid: 1000 });
    const r = h.run();
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Go is not installed/);
    assert.match(r.stderr, /curl -fsSL https:\/\/go\.dev\/dl\/go1\.26\.8\.linux-amd64\.tar\.gz \| sudo tar -C \/usr\/local -xz/);
    assert.equal(h.run(['--no-go']).status, 0);
  });

  test('kubectl missing: the exact download command for the testbed version', () => {
    const h = host({ tools: ALL_TOOLS.filter((t) => t !== 'kubectl'), uid: 0 });
    const r = h.run([], { TESTBED_K8S_VERSION: 'v1.36.3' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /curl -fsSLo \/usr\/local\/bin\/kubectl https:\/\/dl\.k8s\.io\/release\/v1\.36\.3\/bin\/linux\/amd64\/kubectl && chmod \+x/);
  });

  test('kubectl missing, no TESTBED_K8S_VERSION: the version pinned in testbed/versions.ts', () => {
    const h = host({ tools: ALL_TOOLS.filter((t) => t !== 'kubectl'), uid: 0 });
    const r = h.run();
    assert.equal(r.status, 1);
    assert.ok(r.stderr.includes(`https://dl.k8s.io/release/${K8S_VERSION}/bin/linux/amd64/kubectl`), r.stderr);
  });
});
