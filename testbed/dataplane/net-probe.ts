// Small Node programs run inside a pod network namespace: TCP and DNS probes (for tests and the reachability check), echo servers, held connections.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { run } from './exec.ts';
import type { PodNetwork } from './index.ts';

/** Outcome of one connection attempt. */
export type ProbeResult = 'connected' | 'refused' | 'unreachable' | 'timeout' | `error:${string}`;

// Dials every target at once and prints one outcome per target, in order, as a JSON array.
const PROBE_JS = `const [targets, ms] = [JSON.parse(process.argv[1]), Number(process.argv[2])];
Promise.all(targets.map((t) => new Promise((done) => {
  const s = require('net').connect(t.port, t.host);
  const timer = setTimeout(() => { s.destroy(); done('timeout'); }, ms);
  s.on('connect', () => { clearTimeout(timer); s.destroy(); done('connected'); });
  s.on('error', (e) => { clearTimeout(timer); done(e.code === 'ECONNREFUSED' ? 'refused' : e.code === 'EHOSTUNREACH' ? 'unreachable' : 'error:' + e.code); });
}))).then((r) => console.log(JSON.stringify(r)));`;

/** Tries one new TCP connection from `from` to each target, all at once; outcomes in target order. */
export async function probeTcpAll(
  from: Pick<PodNetwork, 'wrap'>,
  targets: ReadonlyArray<{ host: string; port: number }>,
  timeoutMs = 1500,
): Promise<ProbeResult[]> {
  const stdout = await run(from.wrap([process.execPath, '-e', PROBE_JS, JSON.stringify(targets), String(timeoutMs)]));
  return JSON.parse(stdout) as ProbeResult[];
}

/** Tries one new TCP connection from `from` to host:port. */
export async function probeTcp(from: PodNetwork, host: string, port: number, timeoutMs = 1500): Promise<ProbeResult> {
  const [result] = await probeTcpAll(from, [{ host, port }], timeoutMs);
  return result ?? 'error:no-output';
}

// Asks one DNS server for one A record over UDP (c-ares, not the system resolver, so the server is exactly the one given).
const DNS_PROBE_JS = `const { Resolver } = require('dns').promises;
const r = new Resolver({ timeout: Number(process.argv[3]), tries: 1 });
r.setServers([process.argv[1]]);
r.resolve4(process.argv[2]).then((a) => console.log(JSON.stringify({ addresses: a })), (e) => console.log(JSON.stringify({ error: e.code })));`;

/** Answer of one DNS query: the A records, or the resolver's error code (ETIMEOUT, ECONNREFUSED, ENOTFOUND …). */
export type DnsProbeResult = { addresses: string[] } | { error: string };

/** Resolves `name` (A record) from inside `from` by asking `server` directly. */
export async function probeDns(from: Pick<PodNetwork, 'wrap'>, server: string, name: string, timeoutMs = 1500): Promise<DnsProbeResult> {
  const stdout = await run(from.wrap([process.execPath, '-e', DNS_PROBE_JS, server, name, String(timeoutMs)]));
  return JSON.parse(stdout) as DnsProbeResult;
}

const ECHO_SERVER_JS = `require('net').createServer((s) => { s.on('error', () => {}); s.pipe(s); }).listen(Number(process.argv[1]), () => console.log('listening'));`;

/** Starts a TCP echo server on `port` in the pod; resolves once it listens. */
export async function startEchoServer(pod: PodNetwork, port: number): Promise<ChildProcess> {
  const argv = pod.wrap([process.execPath, '-e', ECHO_SERVER_JS, String(port)]);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  if (line !== 'listening') throw new Error(`echo server in ${pod.netnsName} printed "${line}" instead of listening`);
  return child;
}

const HOLDER_JS = `const s = require('net').connect(Number(process.argv[2]), process.argv[1], () => console.log('open'));
let n = 0;
s.on('data', () => console.log('echo'));
s.on('error', (e) => { console.log('error ' + e.code); process.exit(0); });
s.on('close', () => { console.log('closed'); process.exit(0); });
process.stdin.on('data', () => s.write('ping ' + (n++) + '\\n'));`;

/** A long-lived connection: ping() sends one line and resolves whether its echo came back in time. */
export interface HeldConnection {
  ping(timeoutMs?: number): Promise<boolean>;
  close(): void;
  readonly lastEvent: string;
}

/** Opens a connection from `from` to host:port and keeps it open until close(). */
export async function holdConnection(from: PodNetwork, host: string, port: number): Promise<HeldConnection> {
  const argv = from.wrap([process.execPath, '-e', HOLDER_JS, host, String(port)]);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  let lastEvent = '';
  const waiters: Array<(line: string) => void> = [];
  lines.on('line', (line) => {
    lastEvent = line;
    for (const w of waiters.splice(0)) w(line);
  });
  const next = (ms: number) =>
    new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), ms);
      waiters.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  const opened = await next(3000);
  if (opened !== 'open') throw new Error(`held connection ${from.ip} → ${host}:${port} did not open: ${opened}`);
  return {
    async ping(timeoutMs = 1500) {
      child.stdin.write('x\n');
      return (await next(timeoutMs)) === 'echo';
    },
    close: () => child.kill('SIGKILL'),
    get lastEvent() {
      return lastEvent;
    },
  };
}
