// SIGTERM/SIGINT handling for the runner: the first signal stops the run; none ever skips recovery.
import type { Logger } from '../log/logger.ts';

/** The signals the runner turns into a graceful stop. */
export const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/**
 * Installs handlers that abort `stop` with the signal's name on the first signal. Later signals are only
 * logged: the process keeps recovering and exits when the result is written (the Job's grace period bounds it).
 * Returns a function that removes the handlers.
 */
export function installStopHandlers(stop: AbortController, log: () => Logger | undefined): () => void {
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      if (!stop.signal.aborted) {
        log()?.warn({ signal }, 'signal.received: stopping the scenario and recovering every fault');
        stop.abort(signal);
      } else {
        log()?.warn({ signal }, 'signal.ignored: recovery in progress, exiting as soon as every fault is recovered');
      }
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
