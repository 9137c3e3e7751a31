// The frontend's reply endpoint: where workers POST the answer to a request they took from NATS.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Logger } from '../../log/logger.ts';
import { readJsonBodyOrRefuse, sendJson } from './http.ts';
import type { PendingReplies } from './pending-replies.ts';
import { openAiError, workReplySchema } from './protocol.ts';

/**
 * Answers 204 when the reply reached its waiting request, 404 when nothing waits for that id (its client already got a
 * 504), 409 when another worker answers, 400 for a body that is not a reply.
 */
export async function acceptReply(req: IncomingMessage, res: ServerResponse, id: string, pending: PendingReplies, logger: Logger): Promise<void> {
  const raw = await readJsonBodyOrRefuse(req, res);
  if (raw === undefined) return;
  const reply = workReplySchema.safeParse(raw);
  if (!reply.success) {
    sendJson(res, 400, openAiError(z.prettifyError(reply.error), 'invalid_request_error'));
    return;
  }
  const result = pending.deliver(id, reply.data);
  if (result === 'delivered') return void res.writeHead(204).end();
  if (result === 'unknown') {
    // The usual cause is a worker that was frozen or cut off and answers after the budget: proof that it did run.
    logger.info({ event: 'reply.unknown', id, worker: reply.data.worker }, 'reply for a request nobody waits for (late?)');
    sendJson(res, 404, openAiError(`no pending request ${id}`, 'not_found'));
    return;
  }
  logger.warn({ event: 'reply.wrong_worker', id, worker: reply.data.worker }, 'reply from a worker the request was not sent to');
  sendJson(res, 409, openAiError(`request ${id} was not sent to ${reply.data.worker}`, 'conflict'));
}
