// The guide's getConfigFromEnv(): where the checks find the API and the frontend, validated up front.
import { z } from 'zod';
import { blankToUndefined, parseOrThrow } from '../util/validation.ts';

/** Endpoints and namespace the checks talk to. */
export interface ChecksConfig {
  apiUrl: string;
  frontendUrl: string;
  appNamespace?: string;
}

// An unset or blank variable means "use the default"; blank values come from templated manifests.

const httpUrl = (variable: string, fallback: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .default(fallback)
      .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
        message: `${variable} must be an http(s) URL such as ${fallback}`,
      })
      // Trailing slashes would double up when paths are appended.
      .transform((value) => value.replace(/\/+$/, '')),
  );

const envSchema = z.object({
  API_URL: httpUrl('API_URL', 'http://localhost:8080'),
  FRONTEND_URL: httpUrl('FRONTEND_URL', 'http://localhost:8000'),
  APP_NAMESPACE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, {
        message: 'APP_NAMESPACE must be a Kubernetes namespace name (lowercase letters, digits, "-", at most 63)',
      })
      .optional(),
  ),
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
