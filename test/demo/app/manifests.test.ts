import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT as REPO } from '../../../testbed/index.ts';
import { frontendConfigFromEnv, workerConfigFromEnv } from '../../../runner/demo/app/config.ts';

type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any };

// Renders the kustomization exactly as `kubectl apply -k manifests/demo-app` would.
function render(): Obj[] {
  const out = execFileSync('kubectl', ['kustomize', 'manifests/demo-app'], { cwd: REPO }).toString();
  return parseAllDocuments(out).map((doc) => doc.toJSON() as Obj);
}

// A container's env as name → literal value, or the downward-API field path it comes from.
function envOf(container: { env: { name: string; value?: string; valueFrom?: any }[] }): Record<string, string> {
  return Object.fromEntries(container.env.map((e) => [e.name, e.value ?? e.valueFrom.fieldRef.fieldPath]));
}

describe('manifests/demo-app', () => {
  const objects = render();
  const deployment = (name: string) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!;

  test('Dynamo-like names and labels the scenarios rely on', () => {
    assert.equal(deployment('nats').spec.template.metadata.labels['app.kubernetes.io/name'], 'nats');
    assert.equal(deployment('vllm-frontend').spec.template.metadata.labels['nvidia.com/dynamo-component-type'], 'frontend');
    const decode = deployment('vllm-decode-worker');
    assert.equal(decode.spec.replicas, 2);
    assert.equal(decode.spec.template.metadata.labels['nvidia.com/dynamo-component-type'], 'worker');
    assert.equal(deployment('vllm-prefill-worker').spec.template.metadata.labels['nvidia.com/dynamo-component-type'], 'worker');
    for (const o of objects.filter((o) => o.kind !== 'Namespace')) assert.equal(o.metadata.namespace, 'dynamo', o.metadata.name);
  });

  test('every pod passes Pod Security "restricted" field by field, with a readiness probe', () => {
    for (const d of objects.filter((o) => o.kind === 'Deployment')) {
      const pod = d.spec.template.spec;
      assert.equal(pod.securityContext.runAsNonRoot, true, d.metadata.name);
      assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault', d.metadata.name);
      for (const c of pod.containers) {
        const where = `${d.metadata.name}/${c.name}`;
        assert.equal(c.securityContext.allowPrivilegeEscalation, false, where);
        assert.deepEqual(c.securityContext.capabilities.drop, ['ALL'], where);
        assert.equal(c.securityContext.readOnlyRootFilesystem, true, where);
        assert.ok(c.readinessProbe?.httpGet, `${where} has no readiness probe`);
        assert.ok(!pod.hostNetwork, `${where} must not use hostNetwork (NetworkPolicy ignores it)`);
      }
    }
  });

  test('images and the bundle paths the Dockerfile ships', () => {
    const dockerfile = readFileSync(`${REPO}/images/demo-app/Dockerfile`, 'utf8');
    assert.match(dockerfile, /FROM gcr\.io\/distroless\/nodejs22-debian12:nonroot/);
    assert.match(dockerfile, /ENTRYPOINT \["\/nodejs\/bin\/node"\]/);
    assert.match(dockerfile, /CMD \["\/app\/demo\/frontend\.mjs"\]/);
    assert.match(dockerfile, /\/app\/demo\/worker\.mjs/);
    assert.equal(deployment('nats').spec.template.spec.containers[0].image, 'nats:2.11-alpine');
    const frontend = deployment('vllm-frontend').spec.template.spec.containers[0];
    assert.match(frontend.image, /^netpart\/demo-app:/);
    assert.equal(frontend.args, undefined, 'the frontend uses the image CMD');
    const worker = deployment('vllm-decode-worker').spec.template.spec.containers[0];
    assert.deepEqual(worker.args, ['/app/demo/worker.mjs']);
    assert.deepEqual(envOf(worker), { NATS_URL: 'nats://nats:4222', PORT: '9000', MODEL: 'mini-llm', POD_NAME: 'metadata.name', POD_IP: 'status.podIP' });
  });

  test('the frontend learns its pod IP (workers POST replies there) and its env passes the app config', () => {
    const frontend = envOf(deployment('vllm-frontend').spec.template.spec.containers[0]);
    assert.equal(frontend.POD_IP, 'status.podIP');
    const { POD_IP: _ip, ...literal } = frontend;
    const config = frontendConfigFromEnv(literal);
    assert.deepEqual([config.PORT, config.WORKER_TTL_MS, config.REQUEST_TIMEOUT_MS], [8000, 3000, 2000]);
    for (const name of ['vllm-decode-worker', 'vllm-prefill-worker']) {
      const { POD_NAME: _name, POD_IP: _podIp, ...rest } = envOf(deployment(name).spec.template.spec.containers[0]);
      assert.equal(workerConfigFromEnv(rest).PORT, 9000, name);
    }
  });

  test('services point at the named ports', () => {
    const services = objects.filter((o) => o.kind === 'Service');
    assert.deepEqual(services.map((s) => `${s.metadata.name}:${s.spec.ports[0].port}`).sort(), ['nats:4222', 'vllm-frontend:8000']);
  });
});
