// The pod resolv.conf rules: what a kubelet writes for each dnsPolicy, with dnsConfig merged.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { podResolvConf } from '../../../testbed/agent/resolv-conf.ts';

const cluster = { nameserver: '10.96.0.10', domain: 'cluster.local' };
const pod = (spec: V1Pod['spec'] = { containers: [] }): V1Pod => ({ metadata: { name: 'p', namespace: 'shop' }, spec: { ...spec, containers: [] } });

describe('podResolvConf', () => {
  test('ClusterFirst (the default) points at cluster DNS with the namespace search path and ndots:5', () => {
    assert.equal(podResolvConf(pod(), cluster), 'search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });

  test('Default and hostNetwork+ClusterFirst keep the node resolver; ClusterFirstWithHostNet does not', () => {
    assert.equal(podResolvConf(pod({ containers: [], dnsPolicy: 'Default' }), cluster), undefined);
    assert.equal(podResolvConf(pod({ containers: [], hostNetwork: true }), cluster), undefined);
    assert.match(podResolvConf(pod({ containers: [], hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), cluster) ?? '', /nameserver 10\.96\.0\.10/);
  });

  test('dnsConfig is appended for ClusterFirst and used alone for None; options override by name', () => {
    const merged = podResolvConf(
      pod({ containers: [], dnsConfig: { nameservers: ['1.1.1.1'], searches: ['corp.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } }),
      cluster,
    );
    assert.equal(
      merged,
      'search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\nnameserver 1.1.1.1\noptions ndots:2 edns0\n',
    );
    const none = podResolvConf(pod({ containers: [], dnsPolicy: 'None', dnsConfig: { nameservers: ['192.0.2.53'] } }), cluster);
    assert.equal(none, 'nameserver 192.0.2.53\n');
  });
});
