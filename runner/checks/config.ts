// The guide's getConfigFromEnv(): where the checks find the API and the frontend, validated up front.
import { z } from 'zod';
import { httpUrlSetting, namespaceSetting } from '../util/env-settings.ts';
import { parseOrThrow } from '../util/validation.ts';

/** Endpoints and namespace the checks talk to. */
export interface ChecksConfig {
  apiUrl: string;
  frontendUrl: string;
  appNamespace?: string;
}

// An unset or blank variable means "use the default"; blank values come from templated manifests.
const envSchema = z.object({
  API_URL: httpUrlSetting('http://localhost:8080'),
  FRONTEND_URL: httpUrlSetting('http://localhost:8000'),
  APP_NAMESPACE: namespaceSetting,
});

/** Reads API_URL, FRONTEND_URL and APP_NAMESPACE; throws ValidationError naming the bad variable. */
export function getConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ChecksConfig {
  const { API_URL, FRONTEND_URL, APP_NAMESPACE } = parseOrThrow(
    envSchema,
    { API_URL: env.API_URL, FRONTEND_URL: env.FRONTEND_URL, APP_NAMESPACE: env.APP_NAMESPACE },
    'checks environment',
  );
  return { apiUrl: API_URL, frontendUrl: FRONTEND_URL, ...(APP_NAMESPACE ? { appNamespace: APP_NAMESPACE } : {}) };
}
