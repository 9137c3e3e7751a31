// The result record's exit codes and the ≤ 4 KiB termination summary (property-based).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { terminationSummary, truncateUtf8, type ScenarioResult } from '../../runner/scenario/result.ts';

const iso = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
const anyText = fc.string({ unit: 'binary', maxLength: 3000 });

const resultArb: fc.Arbitrary<ScenarioResult> = fc.record({
  scenario: fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
  status: fc.constantFrom('passed', 'failed', 'error'),
  reason: fc.option(anyText, { nil: undefined }),
  endedBy: fc.constantFrom('completed', 'assertion', 'error', 'timeout', 'SIGTERM', 'SIGINT'),
  startedAt: iso,
  finishedAt: iso,
  durationMs: fc.nat(),
  steps: fc.array(
    fc.record({ name: anyText, status: fc.constantFrom('passed', 'failed', 'error', 'aborted'), startedAt: iso, durationMs: fc.nat(), error: anyText }),
    { maxLength: 60 },
  ),
  faults: fc.array(
    fc.record({
      id: fc.stringMatching(/^[a-z0-9]{10}$/),
      policyName: fc.string(),
      namespace: fc.string(),
      targetPods: fc.array(fc.string(), { maxLength: 20 }),
      blockedPods: fc.array(fc.string(), { maxLength: 50 }),
      injectedAt: iso,
      recoveredAt: fc.option(iso, { nil: null }),
      expiresAt: iso,
    }),
    { maxLength: 40 },
  ),
  metrics: fc.dictionary(fc.string({ maxLength: 40 }), fc.oneof(fc.double(), anyText, fc.boolean(), fc.constant(null), fc.array(fc.nat()))),
  checks: fc.array(fc.record({ name: fc.string(), ok: fc.boolean(), details: fc.constant({}) }), { maxLength: 10 }),
});

describe('terminationSummary', () => {
  test('is always valid JSON within 4096 bytes and keeps scenario status and endedBy', () => {
    fc.assert(
      fc.property(resultArb, (result) => {
        const summary = terminationSummary(result);
        assert.ok(Buffer.byteLength(summary, 'utf8') <= 4096, `size ${Buffer.byteLength(summary)}`);
        const parsed = JSON.parse(summary);
        assert.equal(parsed.status, result.status);
        assert.equal(parsed.endedBy, result.endedBy);
        assert.equal(typeof parsed.scenario, 'string');
      }),
      { numRuns: 300 },
    );
  });

  test('a small result is kept whole (minus bulky fields)', () => {
    const result: ScenarioResult = {
      scenario: 'worker-nats',
      status: 'passed',
      endedBy: 'completed',
      startedAt: 'a',
      finishedAt: 'b',
      durationMs: 5,
      steps: [{ name: 'inject', status: 'passed', startedAt: 'a', durationMs: 3 }],
      faults: [{ id: 'abc', policyName: 'p', namespace: 'n', targetPods: ['w-0'], blockedPods: [], injectedAt: 'a', recoveredAt: 'b', expiresAt: 'c' }],
      metrics: { availabilityDuringFault: 0.99, probe: { nested: 1 } },
      checks: [],
    };
    const parsed = JSON.parse(terminationSummary(result));
    assert.deepEqual(parsed.steps, [{ name: 'inject', status: 'passed', durationMs: 3 }]);
    assert.deepEqual(parsed.metrics, { availabilityDuringFault: 0.99 });
    assert.equal(parsed.truncated, undefined);
  });
});

describe('truncateUtf8', () => {
  test('never exceeds the byte budget and never splits a character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.nat({ max: 200 }), (text, max) => {
        const cut = truncateUtf8(text, max);
        assert.ok(Buffer.byteLength(cut) <= Math.max(max, 0));
        assert.ok(!cut.includes('\uFFFD') || text.includes('\uFFFD'));
        if (Buffer.byteLength(text) <= max) assert.equal(cut, text);
      }),
    );
  });
});
