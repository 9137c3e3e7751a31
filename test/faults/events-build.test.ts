// The Event builder (pure): what each netpart Event says and on whom, so `kubectl describe` finds it and a retried
// write of the same transition is a conflict, not a duplicate.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { faultEvents } from '../../runner/faults/events/build.ts';
import { faultSubjects } from '../../runner/faults/events/subjects.ts';
import { tracesFromEvents } from '../../runner/faults/events/trace.ts';

const now = new Date('2026-01-01T00:00:00.123Z');

describe('fault Events (pure)', () => {
  test('one Event per target pod (related: the runner Job) and one on the Job; labels, reporter, MicroTime', () => {
    const subjects = faultSubjects(
      'app',
      [
        { name: 'w-0', uid: 'u0' },
        { name: 'w-1', uid: 'u1' },
      ],
      { name: 'run', uid: 'j1', namespace: 'app' },
    );
    const events = faultEvents({ faultId: 'abc123def4', reason: 'FaultInjected', note: 'n', subjects, now, annotations: { a: 'b' } });
    assert.deepEqual(
      events.map((e) => `${e.regarding?.kind}/${e.regarding?.name}/${e.regarding?.uid} → ${e.related?.kind}/${e.related?.name}`),
      ['Pod/w-0/u0 → Job/run', 'Pod/w-1/u1 → Job/run', 'Job/run/j1 → Pod/w-0'],
    );
    assert.deepEqual(
      events.map((e) => e.metadata?.name),
      ['w-0.abc123def4.faultinjected', 'w-1.abc123def4.faultinjected', 'run.abc123def4.faultinjected'],
    );
    assert.equal(String(events[0]!.eventTime), '2026-01-01T00:00:00.123000Z', 'exactly six fractional digits');
    assert.deepEqual(events[0]!.metadata?.labels, {
      'app.kubernetes.io/managed-by': 'netpart',
      'netpart.dev/fault-id': 'abc123def4',
      'netpart.dev/event': 'FaultInjected',
    });
    assert.deepEqual(
      events.map((e) => e.metadata?.annotations),
      [{ a: 'b' }, undefined, undefined],
      'the fault record once',
    );
    assert.equal(events[0]!.reportingController, 'netpart.dev/fault-engine');
    assert.equal(events[0]!.action, 'Inject');
    assert.equal(events[0]!.type, 'Normal');
  });

  test('warnings are Warning Events, numbered; notes fit the 1 kB limit; long names are cut to 253', () => {
    const subjects = faultSubjects('app', [{ name: 'p'.repeat(250) }]);
    const [warning] = faultEvents({ faultId: 'abc123def4', reason: 'FaultWarning', note: 'x'.repeat(5000), subjects, now, index: 2 });
    assert.equal(warning!.type, 'Warning');
    assert.ok(warning!.note!.length <= 1000);
    assert.ok(warning!.metadata!.name!.length <= 253);
    assert.ok(warning!.metadata!.name!.endsWith('.abc123def4.faultwarning-2'));
  });

  test('a runner Job in another namespace is left out: an Event lives beside what it regards', () => {
    const subjects = faultSubjects('app', [{ name: 'w-0' }], { name: 'run', namespace: 'ci' });
    assert.equal(subjects.job, undefined);
    assert.equal(faultEvents({ faultId: 'abc123def4', reason: 'FaultRecovered', note: 'n', subjects, now }).length, 1);
  });

  test('a trace reads the fault back from the first FaultInjected Event and takes the earliest ending', () => {
    const subjects = faultSubjects('app', [{ name: 'w-0', uid: 'u0' }]);
    const spec = JSON.stringify({
      namespace: 'app',
      target: { prefix: 'w' },
      count: 'one',
      blockNats: true,
      natsSelectors: [{ 'app.kubernetes.io/name': 'nats' }],
      blockPods: [],
      allowNamespaces: [],
      blockAllEgress: false,
      direction: 'egress',
      ports: [],
      maxLifetime: 3600,
      maxTargetShare: 1,
      force: false,
      dryRun: false,
      established: 'keep',
    });
    const annotations = {
      'netpart.dev/spec': spec,
      'netpart.dev/expires-at': '2026-01-01T00:00:05.000Z',
      'netpart.dev/injected-at': '2026-01-01T00:00:00.000Z',
      'netpart.dev/owner': 'cli/x',
      'netpart.dev/target-pods': '[{"name":"w-0","namespace":"app"}]',
    };
    const events = [
      ...faultEvents({ faultId: 'abc123def4', reason: 'FaultInjected', note: 'n', subjects, now, annotations }),
      ...faultEvents({ faultId: 'abc123def4', reason: 'FaultSwept', note: 'later', subjects, now: new Date('2026-01-01T00:00:09Z') }),
      ...faultEvents({ faultId: 'abc123def4', reason: 'FaultExpired', note: 'first', subjects, now: new Date('2026-01-01T00:00:06Z') }),
    ].map((e) => ({ ...e, metadata: { ...e.metadata, namespace: 'app' } }));
    const [trace] = tracesFromEvents(events);
    assert.equal(trace?.faultId, 'abc123def4');
    assert.deepEqual(trace?.ended, { reason: 'FaultExpired', at: '2026-01-01T00:00:06.000Z', note: 'first' });
    assert.equal(trace?.fault?.expiresAt, '2026-01-01T00:00:05.000Z');
    assert.equal(trace?.fault?.status, 'recovered');
    assert.deepEqual(trace?.subjects.targets, [{ name: 'w-0', uid: 'u0' }]);
  });
});
