import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { NoRespondersError, RequestError, TimeoutError } from '@nats-io/transport-node';
import { dispatchToWorker, type DispatchDeps } from '../../../runner/demo/app/dispatch.ts';
import { PendingReplies } from '../../../runner/demo/app/pending-replies.ts';
import { workRequestSchema, type WorkAck } from '../../../runner/demo/app/protocol.ts';

type Worker = (message: { subject: string; id: string; replyTo: string }, pending: PendingReplies) => Promise<WorkAck>;

// A fake NATS whose request() hands the published message to `worker`; its promise is the worker's ack.
function deps(worker: Worker): DispatchDeps & { published: string[] } {
  const pending = new PendingReplies();
  const published: string[] = [];
  return {
    pending,
    published,
    replyUrl: (id) => `http://10.0.0.1:8000/internal/replies/${id}`,
    nc: {
      request: async (subject: string, payload?: unknown) => {
        published.push(subject);
        const message = workRequestSchema.parse(JSON.parse(String(payload)));
        const ack = await worker({ subject, id: message.id, replyTo: message.replyTo }, pending);
        return { json: () => ack } as never;
      },
    },
  };
}

const reply = { worker: 'w', status: 200, body: { text: 'hi' } };
const never = () => new Promise<never>(() => undefined);

describe('dispatchToWorker', () => {
  test('accepted over NATS, answered over HTTP', async () => {
    const d = deps(async ({ id, replyTo }, pending) => {
      assert.equal(replyTo, `http://10.0.0.1:8000/internal/replies/${id}`);
      setTimeout(() => assert.equal(pending.deliver(id, reply), 'delivered'), 20);
      return { worker: 'w', accepted: true };
    });
    assert.deepEqual(await dispatchToWorker(d, 'w', { prompt: 'x' }, 1000), { kind: 'answered', reply });
    assert.deepEqual(d.published, ['dynamo.worker.w.completions']);
    assert.equal(d.pending.size, 0);
  });

  test('the HTTP reply may overtake the NATS ack', async () => {
    const d = deps(async ({ id }, pending) => {
      pending.deliver(id, reply);
      return never();
    });
    assert.deepEqual(await dispatchToWorker(d, 'w', {}, 1000), { kind: 'answered', reply });
  });

  test('no responders (as the client reports it) means not delivered', async () => {
    const wrapped = deps(async () => {
      throw new RequestError('no responders', { cause: new NoRespondersError('dynamo.worker.w.completions') });
    });
    assert.deepEqual(await dispatchToWorker(wrapped, 'w', {}, 1000), { kind: 'not_delivered', reason: 'no responders' });
    const bare = deps(async () => {
      throw new NoRespondersError('dynamo.worker.w.completions');
    });
    assert.equal((await dispatchToWorker(bare, 'w', {}, 1000)).kind, 'not_delivered');
  });

  test('a refusal is not delivered; a late reply to it is refused as unknown', async () => {
    let lateId = '';
    const d = deps(async ({ id }) => ((lateId = id), { worker: 'w', accepted: false, reason: 'malformed work request' }));
    assert.deepEqual(await dispatchToWorker(d, 'w', {}, 1000), { kind: 'not_delivered', reason: 'refused: malformed work request' });
    assert.equal(d.pending.deliver(lateId, reply), 'unknown');
  });

  test('no ack within the budget: timeout at the ack stage; accepted but no reply: timeout at the reply stage', async () => {
    assert.deepEqual(await dispatchToWorker(deps(never), 'w', {}, 50), { kind: 'timeout', stage: 'ack' });
    assert.deepEqual(
      await dispatchToWorker(
        deps(() => Promise.reject(new TimeoutError())),
        'w',
        {},
        1000,
      ),
      { kind: 'timeout', stage: 'ack' },
    );
    const d = deps(async () => ({ worker: 'w', accepted: true }));
    assert.deepEqual(await dispatchToWorker(d, 'w', {}, 50), { kind: 'timeout', stage: 'reply' });
    assert.equal(d.pending.size, 0, 'a timed-out request no longer waits');
  });

  test('only the worker the request went to may answer it', async () => {
    const d = deps(async ({ id }, pending) => {
      assert.equal(pending.deliver(id, { ...reply, worker: 'other' }), 'wrong_worker');
      return { worker: 'w', accepted: true };
    });
    assert.deepEqual(await dispatchToWorker(d, 'w', {}, 50), { kind: 'timeout', stage: 'reply' });
  });

  test('other NATS errors: may have been delivered, reported as an error', async () => {
    const d = deps(() => Promise.reject(new RequestError('connection closed')));
    assert.deepEqual(await dispatchToWorker(d, 'w', {}, 1000), { kind: 'error', reason: 'connection closed' });
  });
});
