// `run-incluster results`: the last runs of scheduled and one-off scenarios in a namespace, as a table or JSON.
// Exit codes: 0 listed (whatever the runs' outcomes), 2 bad input, 1 the cluster refused (namespace, RBAC, connection).
import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { connectKube } from '../../../kube/client.ts';
import { ValidationError } from '../../../util/errors.ts';
import { describeCliError } from '../../common/exit.ts';
import { parseResultsOptions } from './options.ts';
import { readRuns } from './read-runs.ts';
import { resultsJson, resultsTable } from './format.ts';

/** Where `results` writes: stdout the listing, stderr notes and errors. */
export interface ResultsTerminal {
  out: (text: string) => void;
  err: (text: string) => void;
  color: boolean;
}

const defaultTerminal = (): ResultsTerminal => ({
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- isTTY is undefined on a pipe, though typed boolean
  color: !!process.stdout.isTTY && pc.isColorSupported,
});

/** Runs `results` and returns the exit code. */
export async function runResults(scenarioArg: string | undefined, raw: Record<string, unknown>, term: ResultsTerminal = defaultTerminal()): Promise<number> {
  const fail = (code: number, message: string) => {
    term.err(`${term.color ? pc.red('error:') : 'error:'} ${message}`);
    return code;
  };
  let options;
  try {
    options = parseResultsOptions(scenarioArg, raw);
  } catch (error) {
    if (error instanceof ValidationError) return fail(2, describeCliError(error).message);
    throw error;
  }
  try {
    const kube = connectKube({ kubeconfig: options.kubeconfig, context: options.context });
    const namespace = options.namespace ?? kube.namespace;
    const { runs, warnings } = await readRuns(kube, { namespace, scenario: options.scenario, limit: options.limit });
    for (const warning of warnings) term.err(`${term.color ? pc.yellow('warning:') : 'warning:'} ${warning}`);
    if (options.output === 'json') term.out(resultsJson(namespace, options.scenario ?? null, runs));
    else if (runs.length === 0) {
      term.out(
        `no netpart runs${options.scenario ? ` of ${options.scenario}` : ''} in namespace ${namespace} (finished one-off runs are kept 1 h unless --keep; scheduled runs: the CronJob's history)`,
      );
    } else term.out(resultsTable(runs, term.color));
    return 0;
  } catch (error) {
    return fail(1, describeCliError(error).message);
  }
}

/** The `results` subcommand for run-incluster's program. */
export function resultsCommand(): Command {
  return (
    new Command('results')
      .description('List the last runs of scheduled (--schedule) and one-off scenarios in a namespace: start, result, exit code, duration, key metrics.')
      .argument('[scenario]', 'only runs of this scenario (built-in name, or the .ts file it was run from)')
      .option('-n, --namespace <ns>', 'namespace the runs ran in; default: kubeconfig context')
      .option('-o, --output <format>', 'table or json (stable field names)', 'table')
      .option('--limit <n>', 'newest runs to show', '20')
      .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
      .option('--context <name>', 'kubeconfig context')
      .showHelpAfterError()
      // commander's own usage errors (unknown flag, extra argument) are bad input too: exit 2, not commander's 1
      .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : 2))
      .action(async (scenario: string | undefined, raw: Record<string, unknown>) => {
        process.exitCode = await runResults(scenario, raw);
      })
  );
}
