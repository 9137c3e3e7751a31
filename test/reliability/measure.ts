// What the reliability suite asserts and reports about faults nobody recovered: each policy gone by its expiry (within
// the bound) with a measured lateness, and nothing of netpart's left in the namespace once every expiry has passed.
import assert from 'node:assert/strict';
import { expiryJobName } from '../../runner/faults/expiry/job.ts';
import { LABEL_FAULT_ID, LABEL_MANAGED_BY, MANAGER } from '../../runner/faults/labels.ts';
import type { Kube } from '../../runner/kube/client.ts';
import { waitFor } from '../support/cluster.ts';
import { leftovers } from '../support/leftovers.ts';
import { summary, type PolicyWatch } from '../support/policy-watch.ts';

/** The bound of the issue: a policy nobody recovers is gone at most this long after its expiry. */
export const EXPIRY_BOUND_MS = 2000;

/** Waits for a fault's policy to go; asserts it went at its expiry (not before, at most EXPIRY_BOUND_MS after). */
export async function goneOnTime(watch: PolicyWatch, faultId: string, what: string): Promise<number> {
  const end = await waitFor(`${what}: policy of fault ${faultId} deleted`, async () => watch.ends.get(faultId), 30_000);
  console.log(`RELIABILITY ${what}: policy gone ${end.lateMs} ms after its expiry, no netpart process alive`);
  assert.ok(end.lateMs >= 0, `${what}: removed ${-end.lateMs} ms BEFORE its expiry`);
  assert.ok(end.lateMs <= EXPIRY_BOUND_MS, `${what}: removed ${end.lateMs} ms after its expiry (bound ${EXPIRY_BOUND_MS})`);
  return end.lateMs;
}

/** netpart objects still in `namespace`: partition policies, expiry Jobs (target labels are reported apart). */
export async function netpartObjects(kube: Kube, namespace: string): Promise<{ policies: string[]; expiryJobs: string[] }> {
  const jobs = (await kube.batch.listNamespacedJob({ namespace, labelSelector: `${LABEL_MANAGED_BY}=${MANAGER},${LABEL_FAULT_ID}` })).items;
  return { policies: (await leftovers(kube, namespace)).policies, expiryJobs: jobs.map((j) => j.metadata?.name ?? '?') };
}

/** Lateness of the policies that ended at or after their expiry (the ones no process recovered), summarised. */
export function expiredLateness(watch: PolicyWatch): { n: number; median: number; max: number; early: string[] } {
  const ends = [...watch.ends.values()];
  // A driver that was not killed recovers within ~100 ms of its inject, seconds before the expiry.
  const expired = ends.filter((e) => e.lateMs > -500);
  return { ...summary(expired.map((e) => e.lateMs)), early: expired.filter((e) => e.lateMs < 0).map((e) => `${e.faultId} ${e.lateMs} ms`) };
}

export { expiryJobName };
