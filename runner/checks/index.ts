// The checks library: the guide's helper names plus probe() and timeToRecover(), in one import.
export { Colors, createColorCodes, type ColorCodes } from './colors.ts';
export { getConfigFromEnv, type ChecksConfig } from './config.ts';
export { checkFrontendReachable, inspectFrontend, type FrontendInspection } from './frontend.ts';
export { sendCompletionRequest, discoverModel, clearModelCache, type CompletionOptions, type CompletionResult } from './completion.ts';
export { validateCompletionResponse } from './validate.ts';
export { probe, type ProbeOptions, type ProbeResult, type ProbeSample } from './probe.ts';
export { timeToRecover, type TimeToRecoverOptions } from './recover.ts';
export { classifyError, ERROR_KINDS, type ErrorKind } from './error-kind.ts';
export { CheckRequestError, CompletionValidationError } from './errors.ts';
export { percentile, summarizeLatency, type LatencySummary } from './stats.ts';
export type { RequestOptions, HttpResult } from './http.ts';
