// The env settings both the checks (getConfigFromEnv) and the runner read, with one rule and one message each.
import { z } from 'zod';
import { dnsLabel } from './k8s-names.ts';
import { blankToUndefined } from './validation.ts';

const isHttpUrl = (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);

/** An absolute http(s) URL with a default (blank = unset); trailing slashes are dropped so appended paths stay single-slashed. */
export const httpUrlSetting = (fallback: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .default(fallback)
      .refine(isHttpUrl, { error: `must be an absolute http(s) URL such as "${fallback}"` })
      .transform((value) => value.replace(/\/+$/, '')),
  );

/** An optional namespace name (a DNS label of at most 63 characters). */
export const namespaceSetting = z.preprocess(
  blankToUndefined,
  dnsLabel('must be a namespace name (lowercase letters, digits and "-", at most 63), e.g. "dynamo"').optional(),
);
