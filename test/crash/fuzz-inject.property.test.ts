// Fuzzed specs against the testbed: inject succeeds or fails with a named error, and never leaves a half-created
// fault — every partition policy selects its targets and no pod is bound to a fault without its policy.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createFaultEngine } from '../../runner/faults/engine.ts';
import { KubeRequestError, RefusedError, ValidationError } from '../../runner/util/errors.ts';
import { clusterSuite } from '../support/cluster.ts';
import { createRunningPods, dynamoPods } from '../../testbed/index.ts';
import { assertNoLeftovers, leftovers, type Leftovers } from '../support/leftovers.ts';
import { nearValidSpec } from './spec-arbitraries.ts';

const suite = clusterSuite();
const RUNS = Number(process.env.FUZZ_CLUSTER_RUNS ?? '40');

/** The fault ids seen on policies and on the pods bound to a fault must be the same set. */
function consistent(left: Leftovers): void {
  const fromLabels = [...new Set(left.labels.map((l) => l.faultId))].sort();
  assert.deepEqual(left.policies, fromLabels, `half-created fault: policies ${JSON.stringify(left.policies)} vs labels ${JSON.stringify(left.labels)}`);
}

describe('bad input against the testbed: no half-created fault', { skip: suite.skip, timeout: 150_000 }, () => {
  test(`${RUNS} fuzzed specs: named errors only; policies and labels always match`, async () => {
    const cluster = suite.get();
    const kube = cluster.kube;
    const namespace = await cluster.newNamespace('crash-fuzz');
    const other = await cluster.newNamespace('crash-fuzz-other');
    await createRunningPods(kube, namespace, dynamoPods());
    const engine = createFaultEngine(kube, { namespaces: [namespace] });
    const outcomes: Record<string, number> = {};
    const world = { namespace, podPrefixes: ['vllm-decode-worker', 'vllm-', 'nats', 'vllm-frontend-0'], namespaces: [namespace, other], junk: false };
    await fc.assert(
      fc.asyncProperty(nearValidSpec(world), async (input) => {
        let faultId: string | undefined;
        try {
          faultId = (await engine.inject({ ...input, dryRun: false } as Parameters<typeof engine.inject>[0])).id;
          outcomes.injected = (outcomes.injected ?? 0) + 1;
        } catch (error) {
          const named = error instanceof ValidationError || error instanceof RefusedError || error instanceof KubeRequestError;
          assert.ok(named, `unexpected ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} for ${JSON.stringify(input)}`);
          outcomes[(error as Error).name] = (outcomes[(error as Error).name] ?? 0) + 1;
        }
        const left = await leftovers(kube, namespace);
        consistent(left);
        assert.equal(left.policies.length, faultId ? 1 : 0, `after ${faultId ? 'a successful' : 'a failed'} inject: ${JSON.stringify(left)}`);
        if (faultId) await engine.recover(faultId, namespace);
        await assertNoLeftovers(kube, namespace);
      }),
      { numRuns: RUNS },
    );
    console.log(`fuzzed inject outcomes: ${JSON.stringify(outcomes)}`);
    assert.ok((outcomes.injected ?? 0) > 0 && Object.keys(outcomes).length > 1, `the fuzzer must hit both successes and refusals: ${JSON.stringify(outcomes)}`);
  });
});
