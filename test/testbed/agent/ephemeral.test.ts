// Which ephemeral containers the runner starts: new spec entries once, never one an earlier agent already started.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { asContainer, newEphemeralContainers, priorState } from '../../../testbed/agent/ephemeral.ts';

const now = new Date('2030-01-01T00:00:10Z');
const started = new Date('2030-01-01T00:00:00Z');
const tools = (name: string) => ({ name, image: 'ghcr.io/netpart/tools:0.1.0', targetContainerName: 'main', env: [{ name: 'CUT_MODE', value: 'reset' }] });
const pod = (names: string[], statuses: NonNullable<V1Pod['status']>['ephemeralContainerStatuses'] = []): V1Pod => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'u' },
  spec: { containers: [{ name: 'main', image: 'pause' }], ephemeralContainers: names.map(tools) },
  status: { ephemeralContainerStatuses: statuses },
});

describe('ephemeral containers', () => {
  test('new spec entries start once, in spec order, waiting ContainerCreating; known names are skipped', () => {
    const fresh = newEphemeralContainers(pod(['cut-1', 'cut-2', 'cut-3']), new Set(['cut-1']), now);
    assert.deepEqual(
      fresh.map((e) => [e.view.name, e.start, e.view.state.kind]),
      [
        ['cut-2', true, 'waiting'],
        ['cut-3', true, 'waiting'],
      ],
    );
    assert.deepEqual(fresh[0]?.view, {
      name: 'cut-2',
      image: 'ghcr.io/netpart/tools:0.1.0',
      restartCount: 0,
      state: { kind: 'waiting', reason: 'ContainerCreating' },
    });
    assert.deepEqual(newEphemeralContainers(pod(['cut-1']), new Set(['cut-1'])), []);
    assert.deepEqual(newEphemeralContainers({ metadata: {}, spec: { containers: [] } }, new Set()), []);
  });

  test('the container keeps everything but targetContainerName (no pid namespaces here)', () => {
    assert.deepEqual(asContainer(tools('cut')), { name: 'cut', image: 'ghcr.io/netpart/tools:0.1.0', env: [{ name: 'CUT_MODE', value: 'reset' }] });
  });

  test('a container an earlier agent reported terminated keeps that state and is not run again', () => {
    const terminated = { exitCode: 0, reason: 'Completed', message: '{"mode":"reset"}', startedAt: started, finishedAt: now };
    const [e] = newEphemeralContainers(
      pod(['cut'], [{ name: 'cut', image: 'x', imageID: '', ready: false, restartCount: 0, containerID: 'testbed://42', state: { terminated } }]),
      new Set(),
      now,
    );
    assert.equal(e?.start, false);
    assert.deepEqual(e?.view.state, {
      kind: 'terminated',
      exitCode: 0,
      signal: undefined,
      reason: 'Completed',
      message: '{"mode":"reset"}',
      startedAt: started,
      finishedAt: now,
      pid: 42,
    });
  });

  test('one that was running when the earlier agent went away ended with it (ContainerStatusUnknown, 137)', () => {
    assert.deepEqual(
      priorState(
        { name: 'cut', image: 'x', imageID: '', ready: false, restartCount: 0, containerID: 'testbed://7', state: { running: { startedAt: started } } },
        now,
      ),
      {
        kind: 'terminated',
        exitCode: 137,
        reason: 'ContainerStatusUnknown',
        message: 'the testbed node agent restarted while the container ran',
        startedAt: started,
        finishedAt: now,
        pid: 7,
      },
    );
  });

  test('one reported waiting (never created) or not reported at all is started', () => {
    assert.equal(priorState(undefined), undefined);
    assert.equal(
      priorState({ name: 'cut', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }),
      undefined,
    );
    const [e] = newEphemeralContainers(
      pod(['cut'], [{ name: 'cut', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'CreateContainerConfigError' } } }]),
      new Set(),
      now,
    );
    assert.equal(e?.start, true);
  });
});
