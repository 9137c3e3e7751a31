// Who and what: fresh fault ids, and the owner recorded on a fault (the runner's Job, else the local user).
import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { jobOwner } from './labels.ts';

/** A fresh fault id: 10 base-36 characters, valid in label keys and policy names. */
export const newFaultId = (): string =>
  [...randomBytes(10)].map((b) => (b % 36).toString(36)).join('');

/** Who is injecting, for the owner annotation: the runner's Job, else the local user. */
export function defaultOwner(): string {
  const job = process.env.NETPART_JOB_NAME;
  const ns = process.env.POD_NAMESPACE ?? process.env.APP_NAMESPACE;
  if (job && ns) return jobOwner(ns, job);
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // some containers have no passwd entry
  }
  return `cli/${user}@${hostname()}`;
}
