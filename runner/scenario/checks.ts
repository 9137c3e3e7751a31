// ctx.checks: the runner/checks helpers bound to the run's frontend URL and abort signal.
import {
  Colors,
  checkFrontendReachable,
  classifyError,
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
import type { RequestRecorder } from './requests.ts';

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

/** Binds the checks to one frontend and one abort signal; `requests` receives every probe request and completion check. */
export function bindChecks(frontendUrl: string, signal: AbortSignal, requests?: RequestRecorder): ScenarioChecks {
  const withSignal = <T extends { signal?: AbortSignal }>(options: T): T => ({ ...options, signal: options.signal ?? signal });
  const completionSucceeds = async (options: CompletionOptions = {}) => {
    const t = requests?.elapsed() ?? 0;
    const begin = performance.now();
    try {
      validateCompletionResponse(await sendCompletionRequest('netpart check', 8, withSignal({ frontendUrl, ...options })));
      requests?.add(t, true, performance.now() - begin);
      return true;
    } catch (error) {
      // A check cut short by the run's own end says nothing about the system under test.
      if (!signal.aborted) requests?.add(t, false, performance.now() - begin, classifyError(error));
      return false;
    }
  };
  const recordedProbe = async (options: ProbeOptions): Promise<ProbeResult> => {
    const offset = requests?.elapsed() ?? 0;
    const result = await probe(withSignal({ ...options, completion: { frontendUrl, ...options.completion } }));
    for (const sample of result.timeline) requests?.add(offset + sample.t, sample.ok, sample.latencyMs, sample.kind);
    return result;
  };
  return {
    frontendUrl,
    Colors,
    checkFrontendReachable: (options = {}) => checkFrontendReachable(frontendUrl, withSignal(options)),
    inspectFrontend: (options = {}) => inspectFrontend(frontendUrl, withSignal(options)),
    sendCompletionRequest: (prompt, maxTokens, options = {}) => sendCompletionRequest(prompt, maxTokens, withSignal({ frontendUrl, ...options })),
    validateCompletionResponse,
    completionSucceeds,
    probe: recordedProbe,
    timeToRecover: (options) => timeToRecover(withSignal({ ...options, check: options.check ?? (() => completionSucceeds()) })),
  };
}
