// `npm run testbed -- up|down|status|env|build [--enforcer kube-router|calico]`: the local Kubernetes testbed's command line.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { build, down, enforcerFromEnv, env, exportLines, formatStatus, status, up } from './index.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The --enforcer value through the same check as TESTBED_ENFORCER, so the message names the accepted values. */
function parseEnforcer(value: string): string {
  try {
    return enforcerFromEnv(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

const program = new Command('testbed')
  .description('The local Kubernetes testbed the tests, `npm start` and the bench run on (testbed/README.md).')
  .addOption(
    new Option('--enforcer <name>', 'NetworkPolicy enforcer of the dataplane: kube-router or calico (default: TESTBED_ENFORCER, else kube-router)').argParser(
      parseEnforcer,
    ),
  )
  // Exported, so that `up`, the build step and the node agent (started with this environment) agree.
  .hook('preAction', (command) => {
    const { enforcer } = command.opts<{ enforcer?: string }>();
    if (enforcer) process.env.TESTBED_ENFORCER = enforcer;
  })
  .exitOverride();

program
  .command('up')
  .description('build what is missing, start (or reuse a healthy running testbed), wait until usable; prints `export KUBECONFIG=…` last')
  .action(async () => {
    const started = Date.now();
    const state = await up(log);
    log(`testbed ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(exportLines({ KUBECONFIG: state.kubeconfig }));
  });

program
  .command('down')
  .description('stop exactly the process groups `up` started, remove the run dir')
  .action(() => down(log));

program
  .command('status')
  .description('processes, pids, logs; exit 1 when not running or unhealthy')
  .action(async () => {
    const current = await status();
    if (!current) console.log('testbed: not running');
    else console.log(formatStatus(current));
    process.exitCode = current?.healthy ? 0 : 1;
  });

program
  .command('env')
  .description('print `export KUBECONFIG=…` for eval; exit 1 when not running')
  .action(() => {
    const variables = env();
    if (!variables) {
      console.error('testbed: not running; start it with `npm run testbed -- up`');
      process.exitCode = 1;
      return;
    }
    console.log(exportLines(variables));
  });

program
  .command('build')
  .description("build the missing components `up` would build, without starting anything (the dataplane's unless TESTBED_DATAPLANE=host)")
  .action(() => build(log));

try {
  // No command: the usage, as an error.
  if (process.argv.length <= 2) program.help({ error: true });
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // Usage errors exit 2, as before commander; --help exits 0.
  process.exitCode = error.exitCode === 0 ? 0 : 2;
}
