// A scenario.result record shaped like a real worker-nats run (probe fault, partition, failures inside the window).
import type { ReportResult } from '../../runner/report/input.ts';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();

/** A full record; `name` and `pod` let tests put hostile text where user-controlled names go. */
export function sampleResult(opts: { name?: string; pod?: string } = {}): ReportResult {
  const pod = opts.pod ?? 'vllm-decode-worker-1';
  const samples = [];
  // baseline checks, then a 500 ms probe over the 20 s fault window (failures from 2 s to 6 s), then recovery checks
  for (let t = 200; t < 1500; t += 500) samples.push({ t, ok: true, ms: 20 + (t % 7) });
  for (let t = 9000; t < 29_000; t += 500) {
    const failing = t >= 11_000 && t < 15_000;
    samples.push(failing ? { t, ok: false, ms: 5000, kind: 'timeout' } : { t, ok: true, ms: 30 + (t % 11) });
  }
  for (let t = 29_500; t < 31_000; t += 500) samples.push({ t, ok: true, ms: 25 });
  const failed = samples.filter((s) => !s.ok).length;
  return {
    scenario: opts.name ?? 'worker-nats',
    status: 'passed',
    endedBy: 'completed',
    startedAt: iso(0),
    finishedAt: iso(32_000),
    durationMs: 32_000,
    steps: [
      { name: 'baseline: frontend healthy', status: 'passed', startedAt: iso(100), durationMs: 1400 },
      { name: 'enforcement probe: partition the runner pod the same way', status: 'passed', startedAt: iso(1600), durationMs: 7000 },
      { name: `inject: ${pod} loses NATS`, status: 'passed', startedAt: iso(9000), durationMs: 800 },
      { name: 'probe during the fault', status: 'passed', startedAt: iso(9800), durationMs: 19_200 },
      { name: 'recover the partition', status: 'passed', startedAt: iso(29_000), durationMs: 300 },
      { name: 'time to recover', status: 'passed', startedAt: iso(29_300), durationMs: 1500 },
      { name: 'expectations', status: 'passed', startedAt: iso(30_900), durationMs: 2 },
    ],
    faults: [
      {
        id: 'probe00001',
        policyName: 'netpart-probe00001',
        namespace: 'app',
        targetPods: ['netpart-run-abcde'],
        blockedPods: ['nats-0'],
        injectedAt: iso(2000),
        recoveredAt: iso(5000),
        expiresAt: iso(62_000),
      },
      {
        id: 'fault00002',
        policyName: 'netpart-fault00002',
        namespace: 'app',
        targetPods: [pod],
        blockedPods: ['nats-0'],
        injectedAt: iso(9000),
        recoveredAt: iso(29_100),
        expiresAt: iso(89_000),
      },
    ],
    metrics: {
      enforcementProbe: {
        peer: 'nats-0 10.0.0.5:4222',
        faultId: 'probe00001',
        networkPolicyEnforced: true,
        timeToCutMs: 120,
        cutAt: iso(2150),
        timeToRestoreMs: 310,
        restoredAt: iso(5320),
        establishedMode: 'drop',
      },
      availabilityDuringFault: 0.8,
      timeToRecoverSeconds: 1.2345,
      requestsDuringFault: 40,
      latencyDuringFaultMs: { p50: 35.5, p95: 40.1 },
      targetPods: [pod],
    },
    checks: [
      { name: 'the cluster enforces NetworkPolicy', ok: true, details: {} },
      { name: 'availability after the detection window', ok: true, details: { actual: 1, min: 0.95 } },
      { name: 'time to recover (s)', ok: true, details: { actual: 1.2345, max: 30 } },
    ],
    requests: { total: samples.length, failed, samples },
  };
}
