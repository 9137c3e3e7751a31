// images/tools/netpart-cut against a real kernel: three network namespaces and an iptables router that accepts
// ESTABLISHED first (as kube-router, Calico and Antrea do), so only the script can cut a flow that was already open.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { holdConnection, hostBlockers, inNetns, REPO_ROOT, run, runQuietly, startEchoServer } from '../../testbed/index.ts';

const SCRIPT = join(REPO_ROOT, 'images', 'tools', 'netpart-cut');
const NS = { client: 'npcut-client', router: 'npcut-router', server: 'npcut-server' };
const CLIENT = '10.252.0.2';
const SERVER = '10.252.1.2';
// A second address on the server that the fault does not name: its flows must survive every cut.
const BYSTANDER = '10.252.1.3';
const net = (netnsName: string, ip: string) => ({ netnsName, ip, wrap: (argv: readonly string[]) => inNetns(netnsName, argv) });

function skipReason(): string | false {
  const missing = hostBlockers();
  if (missing.length === 0) return false;
  const reason = `!!! netpart-cut TESTS SKIPPED: ${missing.join('; ')}`;
  if (process.env.CI === 'true') throw new Error(`${reason} — CI=true requires them`);
  return reason;
}

async function topology(): Promise<void> {
  for (const ns of Object.values(NS)) await runQuietly(['ip', 'netns', 'del', ns]);
  for (const ns of Object.values(NS)) await run(['ip', 'netns', 'add', ns]);
  const r = (argv: string[]) => run(inNetns(NS.router, argv));
  await run(['ip', '-n', NS.router, 'link', 'add', 'toc', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', NS.client]);
  await run(['ip', '-n', NS.router, 'link', 'add', 'tos', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', NS.server]);
  await r(['ip', 'addr', 'add', '10.252.0.1/24', 'dev', 'toc']);
  await r(['ip', 'addr', 'add', '10.252.1.1/24', 'dev', 'tos']);
  for (const dev of ['toc', 'tos', 'lo']) await r(['ip', 'link', 'set', dev, 'up']);
  await r(['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
  await r(['iptables', '-A', 'FORWARD', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT']);
  await r(['iptables', '-N', 'PARTITION']);
  await r(['iptables', '-A', 'FORWARD', '-j', 'PARTITION']);
  const host = async (ns: string, ips: string[], gw: string) => {
    for (const ip of ips) await run(inNetns(ns, ['ip', 'addr', 'add', `${ip}/24`, 'dev', 'eth0']));
    for (const dev of ['eth0', 'lo']) await run(inNetns(ns, ['ip', 'link', 'set', dev, 'up']));
    await run(inNetns(ns, ['ip', 'route', 'add', 'default', 'via', gw]));
  };
  await host(NS.client, [CLIENT], '10.252.0.1');
  await host(NS.server, [SERVER, BYSTANDER], '10.252.1.1');
}

/** The "policy": new packets between client and server dropped both ways; the bystander stays open. */
const partition = (on: boolean) =>
  Promise.all([
    run(inNetns(NS.router, ['iptables', on ? '-A' : '-D', 'PARTITION', '-s', CLIENT, '-d', SERVER, '-j', 'DROP'])),
    run(inNetns(NS.router, ['iptables', on ? '-A' : '-D', 'PARTITION', '-s', SERVER, '-d', CLIENT, '-j', 'DROP'])),
  ]);

function cut(netns: string, env: Record<string, string>): { code: number | null; report: { rounds: number; found: number[] } | undefined; stderr: string } {
  const r = spawnSync('ip', ['netns', 'exec', netns, SCRIPT], {
    env: { ...process.env, TERMINATION_LOG: '/dev/null', CUT_SETTLE_MS: '400', ...env },
    encoding: 'utf8',
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return { code: r.status, report: last.startsWith('{') ? JSON.parse(last) : undefined, stderr: r.stderr };
}

const skip = skipReason();

describe('netpart-cut', { skip }, () => {
  let servers: ChildProcess[] = [];
  before(async () => {
    await topology();
    servers = [await startEchoServer(net(NS.server, SERVER), 4222)];
  });
  after(async () => {
    for (const s of servers) s.kill('SIGKILL');
    for (const ns of Object.values(NS)) await runQuietly(['ip', 'netns', 'del', ns]);
  });

  test('drop: an open flow survives the new rule, is blackholed after the cut, and resumes once healed', async () => {
    const held = await holdConnection(net(NS.client, CLIENT), SERVER, 4222);
    const bystander = await holdConnection(net(NS.client, CLIENT), BYSTANDER, 4222);
    try {
      assert.equal(await held.ping(), true, 'echo before the partition');
      await partition(true);
      assert.equal(await held.ping(), true, 'the enforcer alone keeps the established flow (ctstate ESTABLISHED first)');
      const result = cut(NS.router, { CUT_MODE: 'drop', CUT_TARGET_IPS: CLIENT, CUT_PEER_IPS: SERVER });
      assert.equal(result.code, 0, result.stderr);
      assert.ok((result.report?.found[0] ?? 0) >= 1, `the first round deleted the flow's entry: ${JSON.stringify(result.report)}`);
      assert.equal(result.report?.found.at(-1), 0, 'nothing re-opened through the rule');
      assert.equal(await held.ping(800), false, 'after the cut the flow meets the rule: no echo');
      assert.equal(await bystander.ping(), true, 'a flow to an address the fault does not name is untouched');
      await partition(false);
      // TCP retransmits the unanswered ping; the same connection carries traffic again without reconnecting.
      assert.equal(await held.ping(5000), true, 'healed: the same connection echoes again');
    } finally {
      held.close();
      bystander.close();
      await partition(false).catch(() => undefined);
    }
  });

  test("reset: the target's socket to the peer is destroyed at once; other sockets stay", async () => {
    const held = await holdConnection(net(NS.client, CLIENT), SERVER, 4222);
    const bystander = await holdConnection(net(NS.client, CLIENT), BYSTANDER, 4222);
    try {
      const result = cut(NS.client, { CUT_MODE: 'reset', CUT_PEER_IPS: SERVER, CUT_PORTS: 'TCP/4222' });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(result.report?.found[0], 1, `one socket destroyed: ${JSON.stringify(result.report)}`);
      // The holder prints the socket's error and exits; no write is needed to notice (SOCK_DESTROY reports ECONNABORTED).
      for (let i = 0; i < 20 && !/error|closed/.test(held.lastEvent); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(held.lastEvent, /error|closed/, 'the app sees its connection fail at once');
      assert.equal(await bystander.ping(), true, 'the socket to the bystander is untouched');
    } finally {
      held.close();
      bystander.close();
    }
  });

  test('bad input fails with the reason in the termination message', () => {
    const result = cut(NS.client, { CUT_MODE: 'cut', CUT_PEER_IPS: SERVER });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /CUT_MODE must be drop or reset/);
  });
});
