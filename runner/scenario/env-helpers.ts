// zod building blocks for a scenario's own env settings; each names its unit and its default in the error.
import { z } from 'zod';
import { blankToUndefined } from '../util/validation.ts';

// the one rule for a duration in seconds, with or without a default
const wholeSeconds = (example: number) => z.coerce.number().int(`must be a whole number of seconds, e.g. ${example}`).positive(`must be > 0, e.g. ${example}`);

/** Whole seconds > 0, e.g. FAULT_SECONDS=60. */
export const seconds = (fallback: number) => z.preprocess(blankToUndefined, wholeSeconds(fallback).default(fallback));

/** Whole seconds > 0 or unset (the caller decides what unset means), e.g. NETPART_TIMEOUT_SECONDS=300. */
export const optionalSeconds = (example: number) => z.preprocess(blankToUndefined, wholeSeconds(example).optional());

/** Milliseconds > 0, e.g. PROBE_INTERVAL_MS=500. */
export const millis = (fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number().int(`must be whole milliseconds, e.g. ${fallback}`).positive(`must be > 0, e.g. ${fallback}`).default(fallback),
  );

/** A share between 0 and 1, e.g. MIN_AVAILABILITY=0.95. */
export const rate = (fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number(`must be a number between 0 and 1, e.g. ${fallback}`)
      .min(0, 'must be ≥ 0')
      .max(1, `must be ≤ 1 (a share, e.g. ${fallback}, not a percentage)`)
      .default(fallback),
  );

/** true/false (also 1/0, yes/no); z.coerce.boolean would read "false" as true. */
export const flag = (fallback: boolean) =>
  z.preprocess((v) => {
    const b = blankToUndefined(v);
    if (typeof b !== 'string') return b;
    const t = b.trim().toLowerCase();
    return ['true', '1', 'yes'].includes(t) ? true : ['false', '0', 'no'].includes(t) ? false : b;
  }, z.boolean('must be true or false').default(fallback));

/** A TCP port 1–65535, e.g. ENFORCEMENT_PROBE_PORT=4222. */
export const tcpPort = (fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number().int(`must be a port number, e.g. ${fallback}`).min(1, 'must be 1–65535').max(65535, 'must be 1–65535').default(fallback),
  );

/** A pod-name prefix, e.g. TARGET_PREFIX=vllm-decode-worker. */
export const podPrefix = (fallback: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[a-z0-9][-a-z0-9.]*$/, `must be the start of a pod name, e.g. "${fallback}"`)
      .default(fallback),
  );

/** Labels written "key=value,key2=value2" (an AND), e.g. BLOCK_LABELS=nvidia.com/dynamo-component-type=frontend. */
export const labels = (fallback: Record<string, string>) =>
  z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      if (typeof b !== 'string') return b;
      const pairs = b
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => p.split('='));
      if (pairs.some((p) => p.length !== 2 || !p[0])) return b; // leave it to the record check to reject
      return Object.fromEntries(pairs.map(([k, val]) => [k!.trim(), val!.trim()]));
    },
    z
      .record(
        z.string(),
        z.string(),
        `must be labels as "key=value,key2=value2", e.g. "${Object.entries(fallback)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}"`,
      )
      .refine((r) => Object.keys(r).length > 0, 'needs at least one key=value')
      .default(fallback),
  );

/** ESTABLISHED: what a partition does to connections already open; `auto` = drop unless the enforcer cuts them itself. */
export const establishedChoice = (fallback: 'auto' | 'keep' | 'drop' | 'reset') =>
  z.preprocess(
    (v) => (typeof blankToUndefined(v) === 'string' ? String(v).trim().toLowerCase() : blankToUndefined(v)),
    z.enum(['auto', 'keep', 'drop', 'reset'], `must be auto, keep, drop or reset (default ${fallback})`).default(fallback),
  );
