// Pod status as the kubelet reports it: ephemeral containers are listed apart and never ready or started.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { podStatus, type ContainerView, type PodView } from '../../../testbed/agent/status.ts';

const t0 = new Date('2030-01-01T00:00:00Z');
const t1 = new Date('2030-01-01T00:00:02Z');
const running: ContainerView = { name: 'main', image: 'pause', restartCount: 0, state: { kind: 'running', startedAt: t0, pid: 10 } };
const view = (ephemeral: ContainerView[]): PodView => ({
  phase: 'Running',
  podIP: '10.244.0.5',
  hostIP: '10.244.0.1',
  startTime: t0,
  init: [],
  main: [running],
  ephemeral,
});

describe('podStatus', () => {
  test('an ephemeral container goes waiting → running → terminated with exit code, reason, message and times', () => {
    const image = 'ghcr.io/netpart/tools:0.1.0';
    const waiting = podStatus(view([{ name: 'cut', image, restartCount: 0, state: { kind: 'waiting', reason: 'ContainerCreating' } }]), t0);
    assert.deepEqual(waiting.ephemeralContainerStatuses, [
      {
        name: 'cut',
        image,
        imageID: `testbed://${image}`,
        containerID: undefined,
        restartCount: 0,
        ready: false,
        started: undefined,
        state: { waiting: { reason: 'ContainerCreating', message: undefined } },
        lastState: {},
      },
    ]);
    const runningStatus = podStatus(view([{ name: 'cut', image, restartCount: 0, state: { kind: 'running', startedAt: t0, pid: 11 } }]), t0)
      .ephemeralContainerStatuses?.[0];
    assert.deepEqual(
      [runningStatus?.state, runningStatus?.ready, runningStatus?.started, runningStatus?.containerID],
      [{ running: { startedAt: t0 } }, false, undefined, 'testbed://11'],
    );
    const done = podStatus(
      view([
        {
          name: 'cut',
          image,
          restartCount: 0,
          state: { kind: 'terminated', exitCode: 0, reason: 'Completed', message: '10.244.0.5', startedAt: t0, finishedAt: t1, pid: 11 },
        },
      ]),
      t1,
    );
    assert.deepEqual(done.ephemeralContainerStatuses?.[0]?.state, {
      terminated: { exitCode: 0, signal: undefined, reason: 'Completed', message: '10.244.0.5', startedAt: t0, finishedAt: t1, containerID: 'testbed://11' },
    });
  });

  test('ephemeral containers do not change readiness, conditions or the other lists', () => {
    const without = podStatus(view([]), t0);
    const withCut = podStatus(
      view([{ name: 'cut', image: 'x', restartCount: 0, state: { kind: 'terminated', exitCode: 2, reason: 'Error', startedAt: t0, finishedAt: t1, pid: 3 } }]),
      t0,
    );
    assert.deepEqual(without.ephemeralContainerStatuses, []);
    assert.deepEqual({ ...withCut, ephemeralContainerStatuses: [] }, without);
    assert.equal(withCut.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    assert.equal(withCut.containerStatuses?.[0]?.ready, true);
  });
});
