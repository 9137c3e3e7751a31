// The guide's sendCompletionRequest(): one OpenAI-style completion against the frontend.
import { getConfigFromEnv } from './config.ts';
import { CheckRequestError } from './errors.ts';
import { joinUrl, requestJson, type HttpResult, type RequestOptions } from './http.ts';

/** Options of one completion request; the model defaults to the frontend's first listed model. */
export interface CompletionOptions extends RequestOptions {
  frontendUrl?: string;
  model?: string;
  temperature?: number;
}

/** The answer of /v1/completions as received (validate it with validateCompletionResponse). */
export type CompletionResult = HttpResult;

// One lookup per frontend: the model list does not change during a scenario, and probes fire many requests.
const modelCache = new Map<string, Promise<string>>();

/** Forgets discovered model ids (tests, or a frontend redeployed with another model). */
export function clearModelCache(): void {
  modelCache.clear();
}

/** First model id from GET {frontendUrl}/v1/models, cached per URL; failures are not cached. */
export function discoverModel(frontendUrl: string, options: RequestOptions = {}): Promise<string> {
  const cached = modelCache.get(frontendUrl);
  if (cached) return cached;
  const lookup = fetchFirstModel(frontendUrl, options);
  modelCache.set(frontendUrl, lookup);
  lookup.catch(() => modelCache.delete(frontendUrl));
  return lookup;
}

async function fetchFirstModel(frontendUrl: string, options: RequestOptions): Promise<string> {
  const url = joinUrl(frontendUrl, '/v1/models');
  const result = await requestJson(url, { method: 'GET' }, options);
  const data = (result.body as { data?: unknown } | null)?.data;
  const first = Array.isArray(data) ? (data[0] as { id?: unknown } | undefined) : undefined;
  if (result.status !== 200 || typeof first?.id !== 'string' || first.id === '') {
    throw new CheckRequestError(
      `GET ${url} gave no model id (HTTP ${result.status}); pass opts.model to skip discovery`,
      result.errorKind ?? 'invalid_response',
      url,
    );
  }
  return first.id;
}

/** POSTs {model, prompt, max_tokens, temperature} to /v1/completions; throws CheckRequestError on network failure. */
export async function sendCompletionRequest(prompt: string, maxTokens: number, options: CompletionOptions = {}): Promise<CompletionResult> {
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new RangeError(`maxTokens must be a positive integer, got ${maxTokens}`);
  }
  const frontendUrl = options.frontendUrl ?? getConfigFromEnv().frontendUrl;
  const requestOptions: RequestOptions = {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const model = options.model ?? (await discoverModel(frontendUrl, requestOptions));
  const body = { model, prompt, max_tokens: maxTokens, temperature: options.temperature ?? 0 };
  return requestJson(joinUrl(frontendUrl, '/v1/completions'), { method: 'POST', body }, requestOptions);
}
