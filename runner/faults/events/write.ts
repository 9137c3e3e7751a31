// Writing a transition's Events: best effort by design, an inject or a recovery never fails because of an Event.
import { EVENTS } from '../../contract/events.ts';
import { isConflict, kubeErrorMessage, type Kube } from '../../kube/client.ts';
import { eventsPath, rawJson } from '../../kube/raw.ts';
import type { Logger } from '../../log/logger.ts';
import { faultEvents, type FaultEventInput } from './build.ts';

/**
 * Creates the Events of one transition, all at once. An Event that already exists (a retry, or two sweeps at once) is
 * fine; any other failure is logged once with the first cause and the count. Resolves with the number written.
 */
export async function writeFaultEvents(kube: Kube, input: FaultEventInput, log?: Logger): Promise<number> {
  const events = faultEvents(input);
  if (events.length === 0) return 0;
  const results = await Promise.all(
    events.map((body) =>
      // Raw: the Event that comes back is not read, so client-node's typed decoding of it is skipped.
      rawJson(kube.config, { method: 'POST', path: eventsPath(input.subjects.namespace), body }).then(
        () => undefined,
        (error: unknown) => (isConflict(error) ? undefined : error),
      ),
    ),
  );
  const failed = results.filter((e) => e !== undefined);
  if (failed.length > 0) {
    log?.warn(
      {
        faultId: input.faultId,
        reason: input.reason,
        failed: failed.length,
        of: events.length,
        err: failed[0],
        note: `the fault itself is unaffected: ${kubeErrorMessage(failed[0])}`,
      },
      EVENTS.faultEventNotWritten,
    );
  }
  return events.length - failed.length;
}
