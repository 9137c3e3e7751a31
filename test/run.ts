// `npm test`: find or start a test cluster, run `npm run lint` and every test file with node:test, stop what it started.
// `--unit` (`npm run test:unit`): no cluster at all; cluster suites skip.
// `--enforcer calico` (`npm run test:calico`): the partition e2e only (PARTITION_E2E), on a testbed whose
// NetworkPolicy enforcer is Calico's Felix instead of kube-router. The file list is built here, not by a
// shell or node glob, because Node 20's test runner does not expand globs.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { down, ensureHostDeps, readState, REPO_ROOT, testbedKubeconfigReady, up } from '../testbed/index.ts';

const ci = process.env.CI === 'true';
const unitOnly = process.argv.includes('--unit');
const enforcerArg = process.argv.indexOf('--enforcer');
const enforcer = enforcerArg >= 0 ? process.argv[enforcerArg + 1] : undefined;
if (enforcer !== undefined) process.env.TESTBED_ENFORCER = enforcer;
/** What must hold on every enforcer: the four scenarios, reachability vs explain, the established modes, the probe. */
const PARTITION_E2E = ['test/e2e/scenarios.test.ts', 'test/e2e/established.test.ts', 'test/testbed/netns.test.ts'];
const say = (line: string) => process.stderr.write(`${line}\n`);

function banner(lines: string[]): void {
  const bar = '!'.repeat(78);
  say(`\n${bar}\n${lines.map((l) => `!!! ${l}`).join('\n')}\n${bar}\n`);
}

/** Picks the cluster: NETPART_TEST_KUBECONFIG as given, a running testbed via KUBECONFIG, else a fresh testbed. */
async function findCluster(): Promise<{ kubeconfig?: string; startedHere: boolean }> {
  if (process.env.NETPART_TEST_KUBECONFIG) return { kubeconfig: process.env.NETPART_TEST_KUBECONFIG, startedHere: false };
  const fromEnv = process.env.KUBECONFIG;
  if (fromEnv && (await testbedKubeconfigReady(fromEnv))) return { kubeconfig: fromEnv, startedHere: false };
  // Missing host tools are found in seconds here, not after minutes of building or as a banner at the end.
  if (!ensureHostDeps()) {
    say('npm test stopped: install what is listed above and run it again (or `npm run test:unit` for the unit tests alone)');
    process.exit(2);
  }
  try {
    const wasRunning = readState() !== undefined;
    const state = await up(say);
    return { kubeconfig: state.kubeconfig, startedHere: !wasRunning };
  } catch (error) {
    banner([
      'THE TESTBED DID NOT START — CLUSTER TESTS WILL ' + (ci ? 'FAIL (CI=true)' : 'BE SKIPPED'),
      ...(error as Error).message.split('\n').slice(0, 20),
      'Only unit tests are meaningful in this run.',
    ]);
    return { startedHere: false };
  }
}

function testFiles(): string[] {
  const root = join(REPO_ROOT, 'test');
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.ts') && !f.split('/').includes('node_modules'))
    .map((f) => relative(REPO_ROOT, join(root, f)))
    .sort();
}

const cluster = unitOnly ? { startedHere: false } : await findCluster();
const env: NodeJS.ProcessEnv = { ...process.env };
if (cluster.kubeconfig) env.NETPART_TEST_KUBECONFIG = cluster.kubeconfig;
else delete env.NETPART_TEST_KUBECONFIG;
if (unitOnly) env.NETPART_TEST_UNIT_ONLY = '1';
// A default per-test timeout so one hung test cannot stall CI; tests that wait longer set their own `timeout`.
const args = [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  `--test-concurrency=${process.env.NETPART_TEST_CONCURRENCY ?? '2'}`,
  `--test-timeout=${process.env.NETPART_TEST_TIMEOUT_MS ?? '300000'}`,
  // A file whose tests are done but which leaves a child or timer behind must not hold the whole run open.
  '--test-force-exit',
  ...(enforcer !== undefined ? PARTITION_E2E : testFiles()),
];
// `npm run lint` (typescript-eslint type-checked + prettier --check) first; a finding fails the run. Not a node:test
// file: linting the whole repo with type information can outlast the per-file test timeout on a loaded machine.
const lint = enforcer !== undefined ? undefined : spawnSync('npm', ['run', '-s', 'lint'], { cwd: REPO_ROOT, stdio: 'inherit' });
if (lint && lint.status !== 0)
  banner(['npm run lint REPORTED PROBLEMS (above) — THIS RUN FAILS; the tests run anyway', '`npm run lint:fix` fixes what it can (layout included)']);
const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, env, stdio: 'inherit' });
// Stop quietly: the node test runner's summary must stay the last thing printed.
if (cluster.startedHere && !process.env.NETPART_KEEP_TESTBED) await down(() => undefined);
process.exitCode = result.status ?? 1;
if (ci && !cluster.kubeconfig && !unitOnly) process.exitCode = 1;
if (lint && lint.status !== 0) process.exitCode = 1;
