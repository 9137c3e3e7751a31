// `npm run testbed -- up|down|status|env|build [--enforcer kube-router|calico]`: the local Kubernetes testbed's command line.
import { buildAll, testbedBuilds } from './component-builds.ts';
import { applyEnforcerFlag, enforcerFromEnv } from './enforcer.ts';
import { down } from './down.ts';
import { isAlive, readState } from './state.ts';
import { isHealthy, up } from './up.ts';

function exportLine(kubeconfig: string): string {
  return `export KUBECONFIG=${kubeconfig}`;
}

async function status(): Promise<number> {
  const state = readState();
  if (!state) {
    console.log('testbed: not running');
    return 1;
  }
  const healthy = await isHealthy(state);
  console.log(
    `testbed: ${healthy ? 'running' : 'UNHEALTHY'}  api=${state.apiServer}  dataplane=${state.dataplane ?? 'host'}${state.dataplane === 'netns' ? `  enforcer=${state.enforcer ?? 'kube-router'}` : ''}  dir=${state.dir}  since=${state.startedAt}`,
  );
  for (const p of state.processes) console.log(`  ${p.name.padEnd(24)} pid ${String(p.pid).padEnd(8)} ${isAlive(p.pid) ? 'alive' : 'DEAD'}  log ${p.log}`);
  console.log(exportLine(state.kubeconfig));
  return healthy ? 0 : 1;
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'up': {
      const started = Date.now();
      const state = await up();
      process.stderr.write(`testbed ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      console.log(exportLine(state.kubeconfig));
      return 0;
    }
    case 'down':
      await down();
      return 0;
    case 'status':
      return status();
    case 'build':
      // What `up` would build, without starting anything: CI builds (and caches) the components in their own step.
      await buildAll(testbedBuilds(process.env.TESTBED_DATAPLANE !== 'host', enforcerFromEnv()), (l) => process.stderr.write(`${l}\n`));
      return 0;
    case 'env': {
      const state = readState();
      if (!state) {
        console.error('testbed: not running; start it with `npm run testbed -- up`');
        return 1;
      }
      console.log(exportLine(state.kubeconfig));
      return 0;
    }
    default:
      console.error(`usage: npm run testbed -- up|down|status|env|build [--enforcer kube-router|calico]   (got ${command ?? 'nothing'})`);
      return 2;
  }
}

process.exitCode = await main(applyEnforcerFlag(process.argv.slice(2))[0]);
