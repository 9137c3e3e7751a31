import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parsePartitionSpec } from '../../runner/faults/spec.ts';
import { ApiError } from '../../runner/api/errors.ts';
import { expandedSelectorCount, expandSelector } from '../../runner/api/translate.ts';
import { PARTITION_TYPES } from '../../runner/api/schema.ts';
import { validateInjectBody } from '../../runner/api/validate.ts';

// Exactly what the guide's Python client sends for its pod-to-pod example.
const guideBody = {
  partition_type: 'custom',
  source: 'dynamo-oviya',
  target: 'dynamo-oviya',
  mode: 'networkpolicy',
  parameters: {
    namespace: 'dynamo-oviya',
    target_pod_prefix: 'vllm-agg-0-vllmdecodeworker',
    block_specific_pods: [{ 'app.kubernetes.io/name': 'vllm-agg-0-frontend' }],
    block_nats: false,
  },
  duration: 60,
};

function problemsOf(body: unknown): { status: number; detail: unknown } {
  try {
    validateInjectBody(body);
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected ApiError, got ${String(error)}`);
    return { status: error.status, detail: error.detail };
  }
  assert.fail('expected the body to be rejected');
}

const locs = (detail: unknown): string[] => (detail as { loc: (string | number)[] }[]).map((p) => p.loc.join('.'));

describe('apiRequestToSpec via validateInjectBody', () => {
  test('extension parameter established: keep by default, drop/reset passed through, anything else a 422 naming it', () => {
    assert.equal(parsePartitionSpec(validateInjectBody(guideBody).spec).established, 'keep');
    const drop = validateInjectBody({ ...guideBody, parameters: { ...guideBody.parameters, established: 'drop' } });
    assert.equal(parsePartitionSpec(drop.spec).established, 'drop');
    const bad = problemsOf({ ...guideBody, parameters: { ...guideBody.parameters, established: 'cut' } });
    assert.equal(bad.status, 422);
    assert.ok(
      locs(bad.detail).some((l) => l.endsWith('established')),
      JSON.stringify(bad.detail),
    );
  });

  test('the guide body becomes a prefix target blocking only the frontend label, NATS kept', () => {
    const { spec, meta } = validateInjectBody(guideBody);
    const parsed = parsePartitionSpec(spec);
    assert.equal(parsed.namespace, 'dynamo-oviya');
    assert.deepEqual(parsed.target, { prefix: 'vllm-agg-0-vllmdecodeworker' });
    assert.equal(parsed.blockNats, false);
    assert.deepEqual(parsed.blockPods, [{ labels: { 'app.kubernetes.io/name': 'vllm-agg-0-frontend' } }]);
    assert.equal(parsed.duration, 60);
    assert.equal(parsed.direction, 'egress');
    assert.equal(meta.partition_type, 'custom');
    assert.deepEqual(meta.parameters, guideBody.parameters);
  });

  test('namespace defaults to source; mode and duration may be null', () => {
    const { spec } = validateInjectBody({
      partition_type: 'worker_nats',
      source: 'dynamo',
      target: 'nats',
      mode: null,
      duration: null,
      parameters: { target_pod_prefix: 'w' },
    });
    const parsed = parsePartitionSpec(spec);
    assert.equal(parsed.namespace, 'dynamo');
    assert.equal(parsed.blockNats, true);
    assert.equal(parsed.duration, undefined);
  });

  test('block_nats defaults to true whatever the partition type, as the guide says; the type only names the fault', () => {
    for (const partition_type of PARTITION_TYPES) {
      const { spec, meta } = validateInjectBody({ partition_type, source: 'd', target: 'd', parameters: { target_pod_prefix: 'w' } });
      const parsed = parsePartitionSpec(spec);
      assert.equal(parsed.blockNats, true, partition_type);
      assert.deepEqual(parsed.blockPods, [], partition_type);
      assert.equal(meta.partition_type, partition_type);
    }
    // block_nats stays true when only block_specific_pods is given, and false only when the caller says so.
    const podsOnly = parsePartitionSpec(
      validateInjectBody({
        partition_type: 'frontend_worker',
        source: 'd',
        target: 'd',
        parameters: { target_pod_prefix: 'w', block_specific_pods: [{ app: 'x' }] },
      }).spec,
    );
    assert.equal(podsOnly.blockNats, true);
    assert.equal(parsePartitionSpec(validateInjectBody(guideBody).spec).blockNats, false);
  });

  test('scalars coerce as pydantic v2 lax mode does: integer strings, integral floats, "true"/"false"', () => {
    const parsed = parsePartitionSpec(
      validateInjectBody({
        partition_type: 'custom',
        source: 'd',
        target: 'd',
        duration: '60',
        parameters: {
          target_pod_prefix: 'w',
          block_nats: 'false',
          block_ingress: 'True',
          block_all_egress: 0,
          block_specific_pods: [{ app: 'x' }],
          count: '2',
          block_ports: ['4222', { port: 8000.0, protocol: 'UDP' }],
        },
      }).spec,
    );
    assert.equal(parsed.duration, 60);
    assert.equal(parsed.blockNats, false);
    assert.equal(parsed.direction, 'both');
    assert.equal(parsed.blockAllEgress, false);
    assert.equal(parsed.count, 2);
    assert.deepEqual(parsed.ports, [
      { port: 4222, protocol: 'TCP' },
      { port: 8000, protocol: 'UDP' },
    ]);
    assert.equal(validateInjectBody({ ...guideBody, duration: ' 90 ' }).meta.duration, 90);
    assert.equal(parsePartitionSpec(validateInjectBody({ ...guideBody, parameters: { ...guideBody.parameters, block_nats: 'yes' } }).spec).blockNats, true);
    // What pydantic's lax mode rejects stays a 422 naming the field.
    for (const duration of ['60s', '6.5', 6.5, '', 'sixty']) {
      assert.deepEqual(locs(problemsOf({ ...guideBody, duration }).detail), ['body.duration'], String(duration));
    }
    for (const block_nats of ['maybe', 2, '']) {
      assert.deepEqual(
        locs(problemsOf({ ...guideBody, parameters: { ...guideBody.parameters, block_nats } }).detail),
        ['body.parameters.block_nats'],
        String(block_nats),
      );
    }
  });

  test('block_ingress → both directions, block_ports → ports, long durations raise maxLifetime', () => {
    const parsed = parsePartitionSpec(
      validateInjectBody({
        partition_type: 'custom',
        source: 'd',
        target: 'd',
        duration: 7200,
        parameters: { target_pod_prefix: 'w', block_ingress: true, block_ports: [4222, { port: 53, protocol: 'UDP' }] },
      }).spec,
    );
    assert.equal(parsed.direction, 'both');
    assert.deepEqual(parsed.ports, [
      { port: 4222, protocol: 'TCP' },
      { port: 53, protocol: 'UDP' },
    ]);
    assert.equal(parsed.duration, 7200);
    assert.equal(parsed.maxLifetime, 7200);
  });

  test('list-valued labels expand into one AND-selector per combination', () => {
    assert.deepEqual(expandSelector({ app: ['a', 'b'], tier: 'x' }), [
      { app: 'a', tier: 'x' },
      { app: 'b', tier: 'x' },
    ]);
  });

  test('the expansion is counted without being built, so a huge one is refused at once', () => {
    const labels = { app: ['a', 'b', 'a'], tier: 'x', zone: ['1', '2', '3'] };
    assert.equal(expandedSelectorCount(labels), expandSelector(labels).length);
    const huge = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, ['a', 'b']]));
    assert.equal(expandedSelectorCount(huge), 2 ** 40);
    assert.deepEqual(locs(problemsOf({ ...guideBody, parameters: { ...guideBody.parameters, block_specific_pods: [huge] } }).detail), [
      'body.parameters.block_specific_pods',
    ]);
  });

  test('policy_name is validated and recorded, and the response notes say it is not used', () => {
    const t = validateInjectBody({ ...guideBody, parameters: { ...guideBody.parameters, policy_name: 'my-policy' } });
    assert.equal(t.meta.requested_policy_name, 'my-policy');
    assert.ok(t.notes.some((n) => n.includes('named after the fault id')));
    assert.deepEqual(locs(problemsOf({ ...guideBody, parameters: { ...guideBody.parameters, policy_name: 'Bad_Name' } }).detail), [
      'body.parameters.policy_name',
    ]);
  });
});

describe('validation errors', () => {
  test('missing target_pod_prefix is a 422 naming it', () => {
    const { status, detail } = problemsOf({ partition_type: 'custom', source: 'd', target: 'd', parameters: {} });
    assert.equal(status, 422);
    assert.deepEqual(detail, [{ type: 'missing', loc: ['body', 'parameters', 'target_pod_prefix'], msg: (detail as { msg: string }[])[0]?.msg }]);
  });

  test('every bad field is named at once, unknown parameters included', () => {
    const { status, detail } = problemsOf({
      partition_type: 'nope',
      target: 5,
      parameters: { target_pod_prefix: 'w', delay_ms: 100, block_nats: 'maybe' },
      extra: 1,
    });
    assert.equal(status, 422);
    assert.deepEqual(
      locs(detail).sort(),
      ['body.extra', 'body.parameters.block_nats', 'body.parameters.delay_ms', 'body.partition_type', 'body.source', 'body.target'].sort(),
    );
  });

  test('chaos_mesh is a 501 that says it is not supported', () => {
    const { status, detail } = problemsOf({ ...guideBody, mode: 'chaos_mesh', parameters: { target_pod_prefix: 'w', packet_loss_percent: 50 } });
    assert.equal(status, 501);
    assert.match(String(detail), /chaos_mesh" is not supported/);
  });

  test('a source that is no namespace name, with no parameters.namespace, names body.source', () => {
    assert.deepEqual(locs(problemsOf({ partition_type: 'custom', source: 'Not A Namespace', target: 'x', parameters: { target_pod_prefix: 'w' } }).detail), [
      'body.source',
    ]);
  });

  test('nothing to block names the block_* fields in the message', () => {
    const { detail } = problemsOf({ partition_type: 'custom', source: 'd', target: 'd', parameters: { target_pod_prefix: 'w', block_nats: false } });
    assert.match(JSON.stringify(detail), /block_nats true, give block_specific_pods, or set block_all_egress/);
  });

  test('non-object bodies and duration 0 are 422', () => {
    assert.equal(problemsOf(undefined).status, 422);
    assert.equal(problemsOf([1, 2]).status, 422);
    assert.deepEqual(locs(problemsOf({ ...guideBody, duration: 0 }).detail), ['body.duration']);
  });
});
