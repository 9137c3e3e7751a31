// Who and what: fresh fault ids, and the owner recorded on a fault (the runner's Job, else the local user).
import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { jobOwner } from './labels.ts';

// A fault id opens with its creation second (6 base-36 digits, enough until December 2038), so ids sort by age and
// `faultIdTime` reads it back (nothing in the engine depends on it since labels wait for their policy again). 8 random
// base-36 characters follow: 2.8e12 per second, so even 1 000 injects in one second collide with odds ~2e-7.
const TIME_DIGITS = 6;
const RANDOM_DIGITS = 8;

/** A fresh fault id: 14 base-36 characters (creation second + random), valid in label keys and policy names. */
export function newFaultId(now: Date = new Date()): string {
  const seconds = Math.floor(now.getTime() / 1000)
    .toString(36)
    .padStart(TIME_DIGITS, '0')
    .slice(-TIME_DIGITS);
  return seconds + [...randomBytes(RANDOM_DIGITS)].map((b) => (b % 36).toString(36)).join('');
}

/** When a fault id was made, or undefined for ids of the older all-random form (10 characters) or any other form. */
export function faultIdTime(faultId: string): Date | undefined {
  if (faultId.length !== TIME_DIGITS + RANDOM_DIGITS || !/^[a-z0-9]+$/.test(faultId)) return undefined;
  const seconds = parseInt(faultId.slice(0, TIME_DIGITS), 36);
  // Before 2020 cannot be one of ours: such an id is not time-ordered.
  return seconds >= 1_577_836_800 ? new Date(seconds * 1000) : undefined;
}

/**
 * The owner of a process that runs in a runner Job's environment (its Job), else the local user. For callers only
 * (the CLI, the direct client): the engine never reads the environment; the runner passes its Job in `InjectOptions`.
 */
export function processOwner(env: NodeJS.ProcessEnv = process.env): string {
  const job = env.NETPART_JOB_NAME;
  const ns = env.POD_NAMESPACE ?? env.APP_NAMESPACE;
  return job && ns ? jobOwner(ns, job) : localOwner();
}

/** The local user as an owner (`cli/<user>@<host>`): the engine's owner when the caller names none. */
export function localOwner(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // some containers have no passwd entry
  }
  return `cli/${user}@${hostname()}`;
}
