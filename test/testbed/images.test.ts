// The image table must run what the repo's Dockerfiles declare, and follow Kubernetes' command/args rules.
import assert from 'node:assert/strict';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  APP_DIR,
  BUNDLE_IMAGES,
  COREDNS_BINARY,
  COREDNS_IMAGE,
  IDLE_IMAGE,
  IMAGE_BIN_DIR,
  NATS_BINARY,
  NATS_IMAGE,
  NODE_IMAGE,
  TOOLS_ENTRYPOINT,
  TOOLS_IMAGE,
  TOOLS_SOURCE_DIR,
  containerArgv,
  imageRepository,
  imageRuntime,
} from '../../testbed/images.ts';
import { REPO_ROOT } from '../../testbed/paths.ts';
import { COREDNS_VERSION, NATS_VERSION } from '../../testbed/versions.ts';

/** Final-stage ENTRYPOINT/CMD (exec form) and `COPY --from` destinations of a Dockerfile. */
function finalStage(dockerfile: string): { entrypoint?: string[]; cmd?: string[]; copies: { from: string; to: string }[] } {
  const stages = dockerfile.split(/^FROM\s/m);
  const last = stages[stages.length - 1] ?? '';
  const json = (key: string) => {
    const m = new RegExp(`^${key}\\s+(\\[.*\\])\\s*$`, 'm').exec(last);
    return m ? (JSON.parse(m[1] as string) as string[]) : undefined;
  };
  const copies = [...last.matchAll(/^COPY\s+--from=\S+\s+(\S+)\s+(\S+)\s*$/gm)].map((m) => ({ from: m[1] as string, to: m[2] as string }));
  return { entrypoint: json('ENTRYPOINT'), cmd: json('CMD'), copies };
}

describe('image table', () => {
  for (const image of BUNDLE_IMAGES) {
    const path = join(REPO_ROOT, 'images', image.dockerfileDir, 'Dockerfile');
    test(
      `${image.repository} matches images/${image.dockerfileDir}/Dockerfile`,
      { skip: existsSync(path) ? false : `images/${image.dockerfileDir}/Dockerfile does not exist yet` },
      () => {
        const stage = finalStage(readFileSync(path, 'utf8'));
        assert.deepEqual(stage.entrypoint, image.runtime.entrypoint, 'ENTRYPOINT');
        assert.deepEqual(stage.cmd ?? [], image.runtime.cmd, 'CMD');
        assert.ok(stage.copies.length > 0, 'the final stage copies bundles');
        const user = /^USER\s+(\d+):(\d+)\s*$/m.exec(
          readFileSync(path, 'utf8')
            .split(/^FROM\s/m)
            .pop() ?? '',
        );
        assert.deepEqual(user && { uid: Number(user[1]), gid: Number(user[2]) }, image.runtime.user, 'USER uid:gid is the user the testbed runs it as');
        // The testbed binds <repo>/dist at /app, so every bundle copied to /app/X must come from dist/X.
        for (const copy of stage.copies) {
          assert.ok(copy.to.startsWith(`${APP_DIR}/`), `${copy.to} is under ${APP_DIR}`);
          assert.ok(copy.from.endsWith(`dist/${copy.to.slice(APP_DIR.length + 1)}`), `${copy.from} → ${copy.to} mirrors dist/ → ${APP_DIR}/`);
        }
      },
    );
  }

  test('netpart/tools matches images/tools/Dockerfile: netpart-cut as ENTRYPOINT, no CMD, root, the repo script', () => {
    const dockerfile = readFileSync(join(TOOLS_SOURCE_DIR, 'Dockerfile'), 'utf8');
    const stage = finalStage(dockerfile);
    assert.deepEqual(stage.entrypoint, TOOLS_IMAGE.entrypoint, 'ENTRYPOINT');
    assert.equal(stage.cmd, undefined, 'no CMD: an ephemeral container without command runs netpart-cut with its args');
    assert.doesNotMatch(dockerfile, /^USER\s/m, 'no USER: runs as uid 0 (NET_ADMIN is not effective for a non-root user)');
    assert.equal(TOOLS_IMAGE.user, undefined, 'the testbed runs it as root too');
    // The image copies the repo script to the entrypoint path; the testbed binds that same script's directory.
    const copy = /^COPY\s+(?:--\S+\s+)*(\S+)\s+(\S+)\s*$/m.exec(dockerfile);
    assert.deepEqual(copy && [copy[1], copy[2]], ['images/tools/netpart-cut', TOOLS_ENTRYPOINT], 'COPY images/tools/netpart-cut to the ENTRYPOINT path');
    assert.deepEqual(TOOLS_IMAGE.mounts, [{ source: TOOLS_SOURCE_DIR, target: `${IMAGE_BIN_DIR}/tools` }]);
    assert.deepEqual(containerArgv(imageRuntime('ghcr.io/netpart/tools:0.1.0'), undefined, ['--help']), [`${IMAGE_BIN_DIR}/tools/netpart-cut`, '--help']);
    // Any other command is the host's (iproute2, conntrack and sh are on the host as in the image).
    assert.deepEqual(containerArgv(TOOLS_IMAGE, ['sh', '-c', 'ss -K dst 10.0.0.1'], undefined), ['sh', '-c', 'ss -K dst 10.0.0.1']);
  });

  const script = join(TOOLS_SOURCE_DIR, 'netpart-cut');
  test(
    'images/tools/netpart-cut is executable (the testbed execs it in place, as the exec-form ENTRYPOINT does)',
    { skip: existsSync(script) ? false : 'images/tools/netpart-cut does not exist yet' },
    () => {
      assert.doesNotThrow(() => accessSync(script, constants.X_OK), `chmod +x ${script}`);
    },
  );

  test('image references resolve regardless of registry, tag and digest', () => {
    assert.equal(imageRepository('ghcr.io/acme/netpart/runner:0.1.0'), 'acme/netpart/runner');
    assert.equal(imageRepository('localhost:5000/netpart/runner@sha256:abc'), 'netpart/runner');
    assert.equal(imageRepository('node:22-alpine'), 'node');
    assert.equal(imageRepository('docker.io/library/node'), 'library/node');
    assert.equal(imageRuntime('ghcr.io/netpart/runner:1').kind, 'bundle');
    assert.equal(imageRuntime('node:22').kind, 'node');
    assert.equal(imageRuntime('nats:2.10'), NATS_IMAGE);
    assert.equal(imageRuntime('docker.io/library/nats:2.11-alpine'), NATS_IMAGE);
    assert.equal(imageRuntime('registry.k8s.io/coredns/coredns:v1.12.0'), COREDNS_IMAGE);
    assert.equal(imageRuntime('registry.k8s.io/pause:3.10'), IDLE_IMAGE);
    assert.equal(imageRuntime('ghcr.io/netpart/tools:0.1.0'), TOOLS_IMAGE);
    assert.equal(imageRuntime('localhost:5000/acme/netpart/tools@sha256:abc'), TOOLS_IMAGE);
  });

  test('the demo app image runs the frontend by default and the worker when args name it', () => {
    const demo = imageRuntime('ghcr.io/acme/netpart/demo-app:0.1.0');
    assert.deepEqual(containerArgv(demo, undefined, undefined), [process.execPath, '/app/demo/frontend.mjs']);
    assert.deepEqual(containerArgv(demo, undefined, ['/app/demo/worker.mjs']), [process.execPath, '/app/demo/worker.mjs']);
  });

  test('nats images run the nats-server that build-nats.sh builds, with the pod args', () => {
    assert.match(NATS_BINARY, new RegExp(`/bin/nats-${NATS_VERSION}/nats-server$`), 'the path build-nats.sh writes');
    // The binary's directory is bound into the container, so a non-root user runs it even if the cache is under /root.
    assert.deepEqual(NATS_IMAGE.mounts, [{ source: dirname(NATS_BINARY), target: `${IMAGE_BIN_DIR}/nats` }]);
    assert.deepEqual(containerArgv(NATS_IMAGE, ['nats-server'], ['--port', '4222']), [`${IMAGE_BIN_DIR}/nats/nats-server`, '--port', '4222']);
    assert.deepEqual(containerArgv(NATS_IMAGE, undefined, undefined), [`${IMAGE_BIN_DIR}/nats/nats-server`]);
  });

  test('coredns images run the minimal CoreDNS that coredns/build.sh builds, with the pod args', () => {
    assert.match(COREDNS_BINARY, new RegExp(`/bin/coredns-${COREDNS_VERSION}/coredns$`), 'the path coredns/build.sh writes');
    assert.deepEqual(COREDNS_IMAGE.mounts, [{ source: dirname(COREDNS_BINARY), target: `${IMAGE_BIN_DIR}/coredns` }]);
    assert.deepEqual(containerArgv(COREDNS_IMAGE, undefined, ['-conf', '/etc/coredns/Corefile']), [
      `${IMAGE_BIN_DIR}/coredns/coredns`,
      '-conf',
      '/etc/coredns/Corefile',
    ]);
  });

  test('every container of manifests/demo-app runs a real program on the testbed (no idle stand-in)', () => {
    const dir = join(REPO_ROOT, 'manifests', 'demo-app');
    const containers: { image: string; command?: string[]; args?: string[] }[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
        const spec = (doc.toJS() as { spec?: { template?: { spec?: { containers?: typeof containers } } } } | null)?.spec?.template?.spec;
        containers.push(...(spec?.containers ?? []));
      }
    }
    assert.ok(containers.length >= 3, `found the NATS, frontend and worker containers (got ${containers.length})`);
    for (const c of containers) {
      const runtime = imageRuntime(c.image);
      assert.notEqual(runtime.kind, 'idle', `${c.image} has a local runtime`);
      const argv = containerArgv(runtime, c.command, c.args);
      assert.ok(argv[0] === process.execPath || argv[0] === `${IMAGE_BIN_DIR}/nats/nats-server`, `${c.image} runs ${argv.join(' ')}`);
      if (runtime.kind !== 'bundle') continue;
      // The bundle it runs must be one the image really contains (a COPY destination of its Dockerfile).
      const image = BUNDLE_IMAGES.find((b) => b.runtime === runtime);
      const copies = finalStage(readFileSync(join(REPO_ROOT, 'images', image?.dockerfileDir ?? '', 'Dockerfile'), 'utf8')).copies.map((cp) => cp.to);
      assert.ok(copies.includes(argv[1] ?? ''), `${c.image} runs ${argv[1]}, which images/${image?.dockerfileDir}/Dockerfile copies (${copies.join(', ')})`);
    }
  });

  test('command replaces ENTRYPOINT and CMD; args replace only CMD; node is the host node', () => {
    const runner = imageRuntime('netpart/runner:dev');
    assert.deepEqual(containerArgv(runner, undefined, undefined), [process.execPath, '/app/runner/main.cjs']);
    assert.deepEqual(containerArgv(runner, undefined, ['/app/runner/main.mjs', '--x']), [process.execPath, '/app/runner/main.mjs', '--x']);
    assert.deepEqual(containerArgv(NODE_IMAGE, ['node', '-e', '1'], undefined), [process.execPath, '-e', '1']);
    assert.deepEqual(containerArgv(NODE_IMAGE, ['sh', '-c', 'x'], ['a']), ['sh', '-c', 'x', 'a']);
  });

  test('idle images ignore any command', () => {
    fc.assert(
      fc.property(fc.option(fc.array(fc.string())), fc.option(fc.array(fc.string())), (command, args) => {
        assert.deepEqual(containerArgv(IDLE_IMAGE, command ?? undefined, args ?? undefined), ['sleep', 'infinity']);
      }),
    );
  });
});
