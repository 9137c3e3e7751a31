// The enforcer choice (TESTBED_ENFORCER / --enforcer), Felix's interface names and settings, and the per-instance
// layouts that let a second testbed run its dataplane beside the first. Pure: no cluster, no root.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CALICO_BUILD, KUBE_ROUTER_BUILD, testbedBuilds } from '../../testbed/build/component-builds.ts';
import { loadYaml, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { clusterInformation, felixConfiguration, markIntOrString } from '../../testbed/dataplane/calico-resources.ts';
import { calicoVethName, felixEnv } from '../../testbed/dataplane/felix.ts';
import { DEFAULT_LAYOUT, instanceFromEnv, LayoutError, layoutForInstance, namesOf, nodeIPOf, validateLayout } from '../../testbed/dataplane/layout.ts';
import { applyEnforcerFlag, EnforcerConfigError, enforcerFromEnv } from '../../testbed/enforcer.ts';

describe('enforcer choice', () => {
  test('unset or empty is kube-router; calico and kube-router are accepted', () => {
    assert.equal(enforcerFromEnv(undefined), 'kube-router');
    assert.equal(enforcerFromEnv(''), 'kube-router');
    assert.equal(enforcerFromEnv('calico'), 'calico');
    assert.equal(enforcerFromEnv('kube-router'), 'kube-router');
  });

  test('an unknown name is refused naming the variable and the accepted values', () => {
    assert.throws(
      () => enforcerFromEnv('cilium'),
      (e: unknown) => e instanceof EnforcerConfigError && /TESTBED_ENFORCER "cilium"/.test(e.message) && /kube-router or calico/.test(e.message),
    );
  });

  test('--enforcer NAME and --enforcer=NAME are taken out of argv and exported', () => {
    const before = process.env.TESTBED_ENFORCER;
    try {
      assert.deepEqual(applyEnforcerFlag(['up', '--enforcer', 'calico']), ['up']);
      assert.equal(process.env.TESTBED_ENFORCER, 'calico');
      assert.deepEqual(applyEnforcerFlag(['--enforcer=kube-router', 'build']), ['build']);
      assert.equal(process.env.TESTBED_ENFORCER, 'kube-router');
      assert.throws(() => applyEnforcerFlag(['up', '--enforcer']), EnforcerConfigError);
    } finally {
      if (before === undefined) delete process.env.TESTBED_ENFORCER;
      else process.env.TESTBED_ENFORCER = before;
    }
  });

  test('the dataplane builds the chosen enforcer, never both', () => {
    assert.ok(testbedBuilds(true, 'calico').includes(CALICO_BUILD));
    assert.ok(!testbedBuilds(true, 'calico').includes(KUBE_ROUTER_BUILD));
    assert.ok(testbedBuilds(true).includes(KUBE_ROUTER_BUILD));
    assert.ok(!testbedBuilds(false, 'calico').includes(CALICO_BUILD));
  });
});

describe('Felix wiring', () => {
  test('host-side interface: cali + 11 hex of sha1("<ns>.<pod>"), as libcalico-go names the WorkloadEndpoint', () => {
    // Expected value computed outside this code: python3 -c "import hashlib; print(hashlib.sha1(b'netpart-e2e.frontend-0').hexdigest()[:11])"
    assert.equal(calicoVethName('netpart-e2e', 'frontend-0'), 'calib006362b8f9');
    assert.ok(calicoVethName('a-very-long-namespace-name', 'a-very-long-pod-name-0123456789').length <= 15, 'fits IFNAMSIZ');
    assert.notEqual(calicoVethName('a', 'b.c'), calicoVethName('a', 'b-c'));
  });

  test('Kubernetes datastore, iptables (no BPF, no XDP), no usage reporting, node as source of pod routes', () => {
    const env = felixEnv({ kubeconfig: '/k', nodeName: 'testbed-node', nodeIP: '10.246.0.1' });
    assert.equal(env.FELIX_DATASTORETYPE, 'kubernetes');
    assert.equal(env.KUBECONFIG, '/k');
    assert.equal(env.FELIX_FELIXHOSTNAME, 'testbed-node');
    assert.equal(env.FELIX_BPFENABLED, 'false');
    assert.equal(env.FELIX_XDPENABLED, 'false');
    assert.equal(env.FELIX_USAGEREPORTINGENABLED, 'false');
    assert.equal(env.FELIX_DEVICEROUTESOURCEADDRESS, '10.246.0.1');
    assert.match(env.FELIX_IPTABLESBACKEND ?? '', /^(nft|legacy)$/);
  });

  test("int-or-string fields of a v3.28 CRD get the marker and keep it through the client's serializer", () => {
    const ports = { anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: '^.*' };
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'xs.example.org' },
      spec: {
        group: 'example.org',
        names: { kind: 'X', plural: 'xs' },
        scope: 'Cluster',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { ports, name: { type: 'string' } } } } } },
          },
        ],
      },
    };
    markIntOrString(crd);
    // Typed: the field the serializer writes as `x-kubernetes-int-or-string` (a plain object's dashed key is dropped).
    const typed = loadYaml<V1CustomResourceDefinition>(stringify(crd)).spec.versions[0]?.schema?.openAPIV3Schema?.properties?.spec?.properties;
    assert.equal(typed?.ports?.x_kubernetes_int_or_string, true);
    assert.equal(typed?.name?.x_kubernetes_int_or_string, undefined);
  });

  test('the datastore is marked ready and FelixConfiguration keeps BPF off', () => {
    assert.equal(clusterInformation().spec.datastoreReady, true);
    assert.equal(clusterInformation().metadata?.name, 'default');
    assert.equal(felixConfiguration().spec.bpfEnabled, false);
    assert.equal(felixConfiguration().spec.usageReportingEnabled, false);
  });
});

describe('testbed instances', () => {
  test('instance 0 is the default layout; 1–9 share no name, range or link with it or each other', () => {
    assert.equal(layoutForInstance(0), DEFAULT_LAYOUT);
    const layouts = [0, 1, 2, 9].map(layoutForInstance).map(validateLayout);
    for (const field of ['name', 'ifPrefix', 'podRange', 'hostLinkIP', 'nodeLinkIP'] as const) {
      assert.equal(new Set(layouts.map((l) => l[field])).size, layouts.length, `${field} distinct`);
    }
    // A default testbed's cleanup lists namespaces by `${name}-`: instance 1's must not match it.
    assert.ok(!namesOf(layoutForInstance(1)).nodeNetns.startsWith(`${DEFAULT_LAYOUT.name}-`));
    assert.equal(nodeIPOf(layoutForInstance(1)), '10.246.0.1');
    // 10.245.0.0/16 and 10.243.1.0/30 belong to test/testbed/dataplane/enforcement.test.ts.
    assert.ok(layouts.every((l) => l.podRange !== '10.245.0.0' && l.hostLinkIP !== '10.243.1.1'));
  });

  test('TESTBED_INSTANCE must be one digit', () => {
    assert.equal(instanceFromEnv(undefined), 0);
    assert.equal(instanceFromEnv('3'), 3);
    assert.throws(
      () => instanceFromEnv('12'),
      (e: unknown) => e instanceof LayoutError && /TESTBED_INSTANCE "12"/.test(e.message),
    );
    assert.throws(() => instanceFromEnv('x'), LayoutError);
  });
});
