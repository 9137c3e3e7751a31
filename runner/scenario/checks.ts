// ctx.checks: the runner/checks helpers bound to the run's frontend URL and abort signal.
import {
  Colors,
  checkFrontendReachable,
  inspectFrontend,
  probe,
  sendCompletionRequest,
  timeToRecover,
  validateCompletionResponse,
  type ColorCodes,
  type CompletionOptions,
  type CompletionResult,
  type FrontendInspection,
  type ProbeOptions,
  type ProbeResult,
  type RequestOptions,
  type TimeToRecoverOptions,
} from '../checks/index.ts';

/** What scenarios see as ctx.checks; every call stops when the run is aborted. */
export interface ScenarioChecks {
  readonly frontendUrl: string;
  readonly Colors: Readonly<ColorCodes>;
  /** GET /health answered 2xx. */
  checkFrontendReachable(options?: RequestOptions): Promise<boolean>;
  /** GET /health with status, latency and failure kind. */
  inspectFrontend(options?: RequestOptions): Promise<FrontendInspection>;
  sendCompletionRequest(prompt: string, maxTokens: number, options?: CompletionOptions): Promise<CompletionResult>;
  validateCompletionResponse(result: Pick<CompletionResult, 'status' | 'body'>): string;
  /** One completion that validates: true, anything else: false (never throws). */
  completionSucceeds(options?: CompletionOptions): Promise<boolean>;
  /** Requests for a while (default: validated completions against the frontend). */
  probe(options: ProbeOptions): Promise<ProbeResult>;
  /** ms until `check` (default: completionSucceeds) holds steadily again, or null within timeoutMs. */
  timeToRecover(options: Omit<TimeToRecoverOptions, 'check'> & { check?: () => Promise<boolean> }): Promise<number | null>;
}

/** Binds the checks to one frontend and one abort signal. */
export function bindChecks(frontendUrl: string, signal: AbortSignal): ScenarioChecks {
  const withSignal = <T extends { signal?: AbortSignal }>(options: T): T => ({ ...options, signal: options.signal ?? signal });
  const completionSucceeds = async (options: CompletionOptions = {}) => {
    try {
      validateCompletionResponse(await sendCompletionRequest('netpart check', 8, withSignal({ frontendUrl, ...options })));
      return true;
    } catch {
      return false;
    }
  };
  return {
    frontendUrl,
    Colors,
    checkFrontendReachable: (options = {}) => checkFrontendReachable(frontendUrl, withSignal(options)),
    inspectFrontend: (options = {}) => inspectFrontend(frontendUrl, withSignal(options)),
    sendCompletionRequest: (prompt, maxTokens, options = {}) => sendCompletionRequest(prompt, maxTokens, withSignal({ frontendUrl, ...options })),
    validateCompletionResponse,
    completionSucceeds,
    probe: (options) => probe(withSignal({ ...options, completion: { frontendUrl, ...options.completion } })),
    timeToRecover: (options) => timeToRecover(withSignal({ ...options, check: options.check ?? (() => completionSucceeds()) })),
  };
}
