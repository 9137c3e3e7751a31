// The enforcement probe's verdicts against a real loopback peer whose "enforcer" is the engine double: on inject it
// stops accepting new connections (like kube-router's REJECT of NEW flows) and optionally kills open ones (Cilium-like).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { defineScenario } from '../../runner/scenario/define.ts';
import { probeEnforcement, recordEnforcementProbe, resolveEstablishedMode, type EstablishedChoice } from '../../runner/scenario/enforcement-probe.ts';
import { runScenario } from '../../runner/scenario/run-scenario.ts';
import type { Fault } from '../../runner/faults/types.ts';
import { createMemoryEngine } from './fixtures/memory-engine.ts';
import { memoryLogger } from './fixtures/log-sink.ts';

const POD = 'netpart-run-abcde';

/** A NATS-like peer on a fixed port that can stop and resume accepting connections. */
async function natsPeer() {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const open = async () => {
    server = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
      s.write('INFO {}\r\n');
      s.on('data', (d) => d.toString().includes('PING') && s.write('PONG\r\n'));
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  };
  await open();
  return {
    get port() {
      return port;
    },
    // close() stops new connections and keeps the open ones: established flows survive.
    stopAccepting: () => server?.close(),
    killOpen: () => sockets.forEach((s) => s.destroy()),
    resume: open,
    shutdown: () => {
      server?.close();
      sockets.forEach((s) => s.destroy());
    },
  };
}

type Peer = Awaited<ReturnType<typeof natsPeer>>;

async function runProbe(
  peer: Peer,
  enforcer: 'keeps-established' | 'cuts-established' | 'none',
  choice: EstablishedChoice = 'keep',
  helper: 'cuts' | 'does-nothing' = 'cuts',
) {
  const engine = createMemoryEngine();
  const cuts: string[] = [];
  // The helpers' double: destroys the peer's end of every open connection, as reset/drop would make them fail.
  engine.cutEstablished = async (_fault, mode) => {
    cuts.push(mode);
    if (helper === 'cuts') peer.killOpen();
    return { mode, cut: helper === 'cuts' ? 1 : 0, settled: true, ms: 7, helpers: [] };
  };
  const inject = engine.inject.bind(engine);
  const recover = engine.recover.bind(engine);
  engine.inject = async (input) => {
    const fault: Fault = await inject(input);
    if (!fault.spec.dryRun && enforcer !== 'none') {
      peer.stopAccepting();
      if (enforcer === 'cuts-established') peer.killOpen();
    }
    return {
      ...fault,
      targetPods: [{ name: POD, namespace: fault.namespace }],
      blockedPods: [{ name: 'nats-0', namespace: fault.namespace, ip: '127.0.0.1' }],
    };
  };
  engine.recover = async (id, ns) => {
    if (enforcer !== 'none') await peer.resume();
    return recover(id, ns);
  };
  const scenario = defineScenario({
    name: 'probe',
    description: 'enforcement probe only',
    timeout: 30,
    run: async (ctx) =>
      recordEnforcementProbe(
        ctx,
        await probeEnforcement(ctx, { blockNats: true }, peer.port, choice, { waitMs: 1500, intervalMs: 50, dialTimeoutMs: 300, answerMs: 500 }),
      ),
  });
  const { logger, records } = memoryLogger();
  const config = { apiUrl: 'http://127.0.0.1:1', frontendUrl: 'http://127.0.0.1:1', appNamespace: 'demo', podName: POD };
  const result = await runScenario({ scenario, engine, config, env: {}, logger, recoverRetryDelayMs: 1 });
  return { result, engine, records, cuts };
}

describe('probeEnforcement', () => {
  test('an enforcer that refuses new connections but keeps open ones: enforced, cut time, survived=true, a warning line', async () => {
    const peer = await natsPeer();
    try {
      const { result, engine, records } = await runProbe(peer, 'keeps-established');
      assert.equal(result.status, 'passed', result.reason);
      const probe = result.metrics.enforcementProbe as Record<string, unknown>;
      assert.equal(probe.networkPolicyEnforced, true);
      assert.equal(typeof result.metrics.timeToCutMs, 'number');
      assert.equal(result.metrics.establishedConnectionSurvived, true);
      assert.equal(typeof probe.timeToRestoreMs, 'number', 'new connections work again after recovery');
      assert.ok(
        records().some(
          (r) =>
            (r.level === 40 || r.level === 'warn') &&
            r.msg === 'enforcement_probe.connections_survive' &&
            /established TCP connections survive/.test(String(r.note)),
        ),
        'a warn line says so',
      );
      assert.deepEqual(engine.activeIds, [], 'the probe fault was recovered');
    } finally {
      peer.shutdown();
    }
  });

  test('an enforcer that also cuts open connections: survived=false and no warning', async () => {
    const peer = await natsPeer();
    try {
      const { result, records } = await runProbe(peer, 'cuts-established');
      assert.equal(result.status, 'passed', result.reason);
      assert.equal(result.metrics.establishedConnectionSurvived, false);
      assert.ok(!records().some((r) => r.msg === 'enforcement_probe.connections_survive' || /established TCP connections survive/.test(String(r.note))));
    } finally {
      peer.shutdown();
    }
  });

  test('no enforcer: the run fails with "the cluster enforces NetworkPolicy" and nothing stays injected', async () => {
    const peer = await natsPeer();
    try {
      const { result, engine } = await runProbe(peer, 'none');
      assert.equal(result.status, 'failed');
      assert.match(result.reason ?? '', /the cluster enforces NetworkPolicy/);
      assert.match(result.reason ?? '', /no NetworkPolicy enforcer/);
      assert.equal((result.metrics.enforcementProbe as Record<string, unknown>).networkPolicyEnforced, false);
      assert.deepEqual(engine.activeIds, []);
    } finally {
      peer.shutdown();
    }
  });

  test('a blocked pod that accepts no connection: skipped with the reason, nothing injected', async () => {
    const peer = await natsPeer();
    peer.shutdown();
    const { result, engine } = await runProbe(peer, 'keeps-established');
    assert.equal(result.status, 'passed', result.reason);
    assert.match(String((result.metrics.enforcementProbe as Record<string, unknown>).skipped), /does not accept connections before the probe/);
    assert.equal(result.metrics.establishedConnectionSurvived, null);
    assert.equal(result.faults.length, 0, 'the probe fault was never injected');
    assert.deepEqual(engine.activeIds, []);
  });

  test('ESTABLISHED=auto on an enforcer that keeps open flows: drop is chosen, applied and shown to cut the held connection', async () => {
    const peer = await natsPeer();
    try {
      const { result, cuts, engine } = await runProbe(peer, 'keeps-established', 'auto');
      assert.equal(result.status, 'passed', result.reason);
      const probe = result.metrics.enforcementProbe as Record<string, unknown>;
      assert.deepEqual(cuts, ['drop']);
      assert.equal(probe.enforcerKeepsEstablished, true);
      assert.equal(probe.establishedMode, 'drop');
      assert.equal(probe.establishedCutMs, 7);
      assert.equal(result.metrics.establishedConnectionSurvived, false, "under the run's mode the open connection is cut");
      assert.ok(result.checks.some((c) => c.name === 'established=drop cuts open connections' && c.ok));
      assert.deepEqual(engine.activeIds, []);
    } finally {
      peer.shutdown();
    }
  });

  test('ESTABLISHED=auto on an enforcer that cuts open flows itself: keep, and no helper runs', async () => {
    const peer = await natsPeer();
    try {
      const { result, cuts } = await runProbe(peer, 'cuts-established', 'auto');
      assert.equal(result.status, 'passed', result.reason);
      assert.deepEqual(cuts, []);
      assert.equal((result.metrics.enforcementProbe as Record<string, unknown>).establishedMode, 'keep');
    } finally {
      peer.shutdown();
    }
  });

  test('a reset that does not cut: the run fails before the real fault, naming the mode', async () => {
    const peer = await natsPeer();
    try {
      const { result, engine } = await runProbe(peer, 'keeps-established', 'reset', 'does-nothing');
      assert.equal(result.status, 'failed');
      assert.match(result.reason ?? '', /established=reset cuts open connections/);
      assert.deepEqual(engine.activeIds, []);
    } finally {
      peer.shutdown();
    }
  });

  test('resolveEstablishedMode: explicit wins; auto is drop unless the enforcer was seen cutting', () => {
    assert.equal(resolveEstablishedMode('reset', false), 'reset');
    assert.equal(resolveEstablishedMode('auto', true), 'drop');
    assert.equal(resolveEstablishedMode('auto', null), 'drop');
    assert.equal(resolveEstablishedMode('auto', false), 'keep');
  });

  test('outside a pod the probe is skipped and says why', async () => {
    const engine = createMemoryEngine();
    const scenario = defineScenario({
      name: 'probe',
      description: 'enforcement probe only',
      timeout: 30,
      run: async (ctx) => recordEnforcementProbe(ctx, await probeEnforcement(ctx, { blockNats: true }, 4222)),
    });
    const { logger } = memoryLogger();
    const config = { apiUrl: 'http://127.0.0.1:1', frontendUrl: 'http://127.0.0.1:1', appNamespace: 'demo' };
    const result = await runScenario({ scenario, engine, config, env: {}, logger });
    assert.equal(result.status, 'passed');
    assert.match(String((result.metrics.enforcementProbe as Record<string, unknown>).skipped), /not in a pod/);
    assert.equal(result.metrics.establishedConnectionSurvived, null);
  });
});
