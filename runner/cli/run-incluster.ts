#!/usr/bin/env node
// `run-incluster`: run a scenario as a Kubernetes Job under the scoped ServiceAccount and exit with its result.
import { Command } from 'commander';
import { parseRunInclusterOptions } from './incluster/options.ts';
import { runIncluster } from './incluster/run.ts';
import { exitWithError } from './common/exit.ts';
import { resultsCommand } from './incluster/results/command.ts';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const program = new Command('run-incluster')
  .description('Run a netpart scenario as a Job in the cluster, stream its logs and exit with its result (0 passed, 1 failed, 2 error).')
  .argument('<scenario>', 'built-in scenario name (e.g. worker-nats) or path to a scenario .ts file')
  .option('-n, --namespace <ns>', 'application namespace (faults go here; the Job runs here); default: kubeconfig context')
  .option('--image <ref>', 'runner image (default: $NETPART_IMAGE or ghcr.io/netpart/runner:<version>)')
  .option('--frontend-url <url>', 'frontend URL the checks call, e.g. http://frontend:8000')
  .option('--timeout <seconds>', 'scenario deadline in seconds', '600')
  .option('--env <K=V>', 'extra environment variable for the scenario (repeatable)', collect, [])
  .option('--keep', 'keep the finished Job and pod (no ttlSecondsAfterFinished)')
  .option('-o, --output <format>', 'text (pretty logs) or json (raw NDJSON)', 'text')
  .option('--junit <file>', 'write a JUnit XML report to this file')
  .option('--report <file>', 'write a self-contained HTML report (timeline, checks, metrics) to this file')
  .option('--schedule <cron>', 'create/replace a CronJob with this schedule instead of running once')
  .option('--history <runs>', 'with --schedule: finished runs the CronJob keeps per outcome (successful/failed), read by `results`; default 5')
  .option('--service-account <name>', 'ServiceAccount of the runner pod', 'netpart-runner')
  .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
  .option('--context <name>', 'kubeconfig context')
  .option('--dry-run', 'print the YAML that would be applied and exit')
  .showHelpAfterError()
  // `results -n NS` must reach the subcommand: without this the program would take -n for itself
  .enablePositionalOptions()
  .addCommand(resultsCommand())
  .action(async (scenario: string, raw: Record<string, unknown>) => {
    const options = parseRunInclusterOptions(raw);
    process.exitCode = await runIncluster(scenario, options);
  });

// a promise nobody can settle any more would let Node exit with 0: never report success by accident
let settled = false;
process.on('beforeExit', () => {
  if (!settled) exitWithError(new Error('run-incluster stopped with nothing left to wait for and no result; see the output above'));
});

program
  .parseAsync(process.argv)
  .then(() => (settled = true))
  .catch(exitWithError);
