// `npm start`: the embedded demo. Local testbed + demo app, the worker→NATS scenario through run-incluster,
// the reachability table before/during/after a fault, then teardown. Never touches any other cluster.
import { spawn, spawnSync } from 'node:child_process';
import pc from 'picocolors';
import { connectKube } from '../runner/kube/client.ts';
import { createFaultEngine } from '../runner/faults/engine.ts';
import {
  checkReachability,
  DataplaneUnavailableError,
  deployDemoApp,
  down,
  ensureHostDeps,
  formatReachability,
  readState,
  REPO_ROOT,
  runInclusterArgv,
  TESTBED_LAYOUT,
  up,
  waitForHealthyFrontend,
} from '../testbed/index.ts';
import { demoRefusal } from './demo-preflight.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);
const heading = (text: string) => say(`\n${pc.bold(pc.cyan(`== ${text}`))}`);

async function main(): Promise<number> {
  // Whatever KUBECONFIG says, the demo only ever talks to the testbed it starts (or finds running).
  delete process.env.KUBECONFIG;
  const started = Date.now();
  // Everything that can stop the demo is checked first, in seconds, before the minutes of building.
  heading('checking this machine (host packages, Go, kubectl, dataplane)');
  if (!ensureHostDeps()) {
    process.stderr.write(`${pc.red('npm start stopped:')} install what is listed above, then run \`npm start\` again\n`);
    return 2;
  }
  const refusal = demoRefusal();
  if (refusal) {
    process.stderr.write(`${pc.red(refusal)}\n`);
    return 2;
  }

  heading('building bundles');
  if (spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: REPO_ROOT, stdio: 'inherit' }).status !== 0) return 2;

  heading('starting the local testbed (builds its components on the first run)');
  const wasRunning = readState() !== undefined;
  // Never the host-sandbox fallback: there the scenario would time out or pass without any traffic being cut.
  const state = await up((l) => say(pc.dim(l)), { required: true });
  const kube = connectKube({ kubeconfig: state.kubeconfig });
  const namespace = `netpart-demo-${Date.now().toString(36)}`;
  try {
    await kube.core.createNamespace({ body: { metadata: { name: namespace } } });
    heading(`deploying the demo app into ${namespace}`);
    const app = await deployDemoApp(kube, namespace);
    await waitForHealthyFrontend(app.frontendUrl, 2);
    say(`frontend ${app.frontendServiceUrl} (pod ${app.frontendUrl}), NATS ${app.natsUrl} (Service names through cluster DNS)`);

    const outside = { ip: TESTBED_LAYOUT.hostLinkIP, port: state.ports.apiServer };
    heading('reachability before any fault');
    say(formatReachability(await checkReachability(kube, namespace, outside)));

    heading('scenario worker-nats through run-incluster (a Job running the runner bundle)');
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, runInclusterArgv(app, state.kubeconfig, 'worker-nats', { timeoutSeconds: 240 }), {
        cwd: REPO_ROOT,
        stdio: 'inherit',
        env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
      });
      child.on('exit', (c) => resolve(c ?? 2));
    });

    heading('reachability during a worker→NATS fault (measured vs explain)');
    const engine = createFaultEngine(kube, { namespaces: [namespace] });
    const fault = await engine.inject({ namespace, target: { prefix: 'vllm-decode-worker' }, duration: 60 });
    await new Promise((r) => setTimeout(r, 3000)); // kube-router applies new policies within ~1 s
    say(formatReachability(await checkReachability(kube, namespace, outside)));
    await engine.recover(fault.id, namespace);
    heading('reachability after recovery');
    await new Promise((r) => setTimeout(r, 3000));
    say(formatReachability(await checkReachability(kube, namespace, outside)));

    const verdict = code === 0 ? pc.green('PASSED') : code === 1 ? pc.red('FAILED') : pc.yellow('ERROR');
    heading(`worker-nats ${verdict} (exit ${code}) — demo took ${Math.round((Date.now() - started) / 1000)} s`);
    return code;
  } finally {
    heading('teardown');
    await kube.core.deleteNamespace({ name: namespace }).catch(() => undefined);
    if (!wasRunning) await down((l) => say(pc.dim(l)));
    else say(`left the testbed running (it was running before); deleted namespace ${namespace}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const what = error instanceof DataplaneUnavailableError ? 'npm start needs the testbed dataplane:' : 'demo failed:';
    process.stderr.write(`${pc.red(what)} ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
