// manifests/admission without a cluster: the CEL's literals are the engine's contract (labels.ts, the helpers'
// defaults), so a renamed label or a new default image must fail here before it locks the runner out of a cluster.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LABEL_HELPER } from '../../runner/faults/established/helper-specs.ts';
import { DEFAULT_HELPER_NAMESPACE, DEFAULT_TOOLS_IMAGE } from '../../runner/faults/established/settings.ts';
import { EXPIRY_ROLE, LABEL_ROLE } from '../../runner/faults/expiry/job.ts';
import { LABEL_FAULT_ID, LABEL_MANAGED_BY, LABEL_POD_UID, MANAGER, TARGET_LABEL_PREFIX, TARGET_LABEL_VALUE } from '../../runner/faults/labels.ts';
import { renderKustomize, type Manifest } from '../manifests/kustomize.ts';
import { renderAdmission } from './policies.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const docs = renderAdmission();
const policies = docs.filter((d) => d.kind === 'ValidatingAdmissionPolicy');
const variable = (policy: Manifest, name: string): string =>
  policy.spec.variables?.find((v: { name: string }) => v.name === name)?.expression ?? assert.fail(`${policy.metadata.name} has no variable ${name}`);
const helpers = () => policies.find((p) => p.metadata.name === 'netpart-helpers') ?? assert.fail('netpart-helpers missing');
/** Every CEL expression of a policy, concatenated: where the contract's literals must appear. */
const cel = (policy: Manifest): string => JSON.stringify([policy.spec.matchConditions, policy.spec.variables, policy.spec.validations]);

describe('manifests/admission', () => {
  test('four policies, each with a Deny binding; cluster-scoped, nothing namespaced', () => {
    assert.deepEqual(policies.map((p) => p.metadata.name).sort(), ['netpart-expiry-jobs', 'netpart-helpers', 'netpart-network-policies', 'netpart-pod-labels']);
    for (const policy of policies) {
      const binding = docs.find((d) => d.kind === 'ValidatingAdmissionPolicyBinding' && d.spec.policyName === policy.metadata.name);
      assert.ok(binding, `${policy.metadata.name} has a binding`);
      assert.deepEqual(binding.spec.validationActions, ['Deny']);
      assert.equal(binding.spec.matchResources, undefined, 'bound everywhere: the identity match decides');
      assert.equal(policy.spec.failurePolicy, 'Fail', 'an expression that cannot be evaluated denies');
    }
    assert.equal(docs.length, 8);
    for (const doc of docs) assert.equal(doc.metadata.namespace, undefined, `${doc.kind} ${doc.metadata.name}`);
  });

  test("they apply to netpart's ServiceAccounts and nobody else", () => {
    const identity = /^system:serviceaccount:[^:]+:netpart-(runner|sweeper|api)$/;
    for (const policy of policies) {
      assert.deepEqual(policy.spec.matchConditions, [{ name: 'netpart-identity', expression: `request.userInfo.username.matches('${identity.source}')` }]);
    }
    for (const user of [
      'system:serviceaccount:dynamo:netpart-runner',
      'system:serviceaccount:dynamo:netpart-sweeper',
      'system:serviceaccount:netpart:netpart-api',
    ])
      assert.match(user, identity);
    for (const user of [
      'system:serviceaccount:dynamo:default',
      'system:serviceaccount:dynamo:netpart-runner-x',
      'netpart-runner',
      'system:serviceaccount:a:b:netpart-api',
    ])
      assert.doesNotMatch(user, identity);
  });

  test('every rule is denied as Forbidden with a message that starts with its own [rule name]', () => {
    const names: string[] = [];
    for (const policy of policies) {
      for (const v of policy.spec.validations) {
        assert.equal(v.reason, 'Forbidden', v.expression);
        const text: string = v.message ?? v.messageExpression;
        const name = /^'?\[([a-z-]+)\] /.exec(text)?.[1];
        assert.ok(name, `message names its rule: ${text}`);
        if (v.messageExpression) assert.ok(v.message === undefined, 'one message per rule');
        names.push(`${policy.metadata.name}/${name}`);
      }
    }
    assert.equal(new Set(names.map((n) => n.split('/')[1])).size, names.length, `rule names are unique: ${names.join(', ')}`);
  });

  test("the literals are the engine's: labels, the helpers' image and namespace", () => {
    const all = policies.map(cel).join('\n');
    for (const literal of [LABEL_POD_UID, TARGET_LABEL_PREFIX, LABEL_MANAGED_BY, LABEL_FAULT_ID, LABEL_HELPER, LABEL_ROLE])
      assert.ok(all.includes(`'${literal}`), literal);
    assert.ok(all.includes(`== '${EXPIRY_ROLE}'`));
    assert.ok(all.includes(`== '${MANAGER}'`));
    assert.ok(all.includes(`'${TARGET_LABEL_VALUE}'`));
    assert.equal(variable(helpers(), 'toolsImage'), `'${DEFAULT_TOOLS_IMAGE}'`);
    assert.equal(variable(helpers(), 'helperNamespace'), `'${DEFAULT_HELPER_NAMESPACE}'`);
  });

  test('the tools image is pinned per cluster with the kustomize patch docs/security.md shows', () => {
    const overlay = mkdtempSync(join(tmpdir(), 'netpart-admission-'));
    const pinned = 'registry.example.com/mirror/netpart/tools@sha256:' + 'a'.repeat(64);
    writeFileSync(
      join(overlay, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        `  - ${relative(overlay, join(root, 'manifests/admission'))}`,
        'patches:',
        '  - target: { kind: ValidatingAdmissionPolicy, name: netpart-helpers }',
        '    patch: |-',
        '      - op: test',
        '        path: /spec/variables/0/name',
        '        value: toolsImage',
        '      - op: replace',
        '        path: /spec/variables/0/expression',
        `        value: "'${pinned}'"`,
        '',
      ].join('\n'),
    );
    const patched = renderKustomize(overlay).find((d) => d.metadata.name === 'netpart-helpers')!;
    assert.equal(variable(patched, 'toolsImage'), `'${pinned}'`);
  });
});
