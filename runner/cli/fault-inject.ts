#!/usr/bin/env node
// `fault-inject`: inject, recover, list, get, sweep and explain partitions from a terminal (or run the HTTP API), and
// render a run's HTML report.
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { connectKube, type Kube } from '../kube/client.ts';
import { createFaultEngine, processOwner, type FaultEngine } from '../faults/engine.ts';
import { parsePartitionSpec, policyDirection } from '../faults/spec.ts';
import { FaultNotFoundError, ValidationError } from '../util/errors.ts';
import { explainPlan, faultDetail, faultTable, machineOutput, sweepSummary, type OutputFormat } from './fault/format.ts';
import { specFromFlags, type SpecFlags } from './fault/spec-flags.ts';
import { createCliLogger } from './common/pretty-logger.ts';
import { exitWithError } from './common/exit.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const print = (text: string) => process.stdout.write(`${text}\n`);

const program = new Command('fault-inject')
  .description('Inject and recover NetworkPolicy network partitions directly (no Job). Exit 2 on invalid input or refusal.')
  .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
  .option('--context <name>', 'kubeconfig context')
  // Not .choices(): `report` takes its HTML file with the same -o, which commander would parse here and reject.
  .option('-o, --output <format>', 'output format: text, json or yaml (report: the HTML file to write)', 'text')
  .showHelpAfterError()
  // commander ends usage errors (a bad --established choice, an unknown flag) with 1; ours say 2 for bad input.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

interface Session {
  kube: Kube;
  engine: FaultEngine;
  output: OutputFormat;
}

const FORMATS: readonly string[] = ['text', 'json', 'yaml'];

function session(): Session {
  const globals = program.opts<{ kubeconfig?: string; context?: string; output: OutputFormat }>();
  if (!FORMATS.includes(globals.output)) {
    throw new ValidationError(`-o/--output: "${globals.output}" is not an output format; use text, json or yaml`, [
      `-o/--output: "${globals.output}" is not text, json or yaml`,
    ]);
  }
  const kube = connectKube({ kubeconfig: globals.kubeconfig, context: globals.context });
  const engine = createFaultEngine(kube, { logger: createCliLogger({ color: process.stderr.isTTY && pc.isColorSupported }) });
  return { kube, engine, output: globals.output };
}

// prints a machine format when asked, else the human text
const emit = (s: Session, value: unknown, text: () => string) => print(machineOutput(value, s.output) ?? text());

function specOptions(command: Command): Command {
  return command
    .option('-n, --namespace <ns>', 'namespace of the target pods (default: kubeconfig context)')
    .option('--target-prefix <prefix>', 'target pods whose name starts with this prefix')
    .option('--selector <k=v,...>', 'target pods by labels (all must match)')
    .option('--count <n>', 'how many matching pods: one (default), all, or N')
    .option('--no-block-nats', 'keep NATS reachable (blocked by default)')
    .option('--block-pods <k=v,...[@ns]>', 'also cut off pods with these labels (repeatable)', collect)
    .option('--allow-namespace <ns>', 'never cut traffic to this namespace (repeatable)', collect)
    .option('--block-all-egress', 'cut all egress except DNS')
    .addOption(new Option('--direction <dir>', 'which traffic to cut').choices(['egress', 'ingress', 'both']))
    .addOption(
      new Option(
        '--established <mode>',
        'connections open at the start: keep (enforcer decides), drop (delete their conntrack entries), reset (destroy their sockets)',
      ).choices(['keep', 'drop', 'reset']),
    )
    .option('--port <port[/proto]>', 'cut only these ports of the blocked pods (repeatable), e.g. 4222/TCP', collect)
    .option('--duration <time>', 'recover after this long, e.g. 60s, 5m (default: manual, capped by --max-lifetime)')
    .option('--max-lifetime <time>', 'hard cap stored on the policy (default 1h)')
    .option('--force', 'override refusals (large share of pods, ineffective partition)')
    .option('-f, --file <spec>', 'read the partition spec from a YAML or JSON file');
}

specOptions(program.command('inject').description('create a partition now (the sweeper removes it at expiry)')).action(async (flags: SpecFlags) => {
  const s = session();
  const fault = await s.engine.inject(specFromFlags(flags, s.kube.namespace), { owner: processOwner() });
  emit(s, fault, () => `${faultDetail(fault)}\n\nrecover with: fault-inject recover ${fault.id} -n ${fault.namespace}`);
});

specOptions(program.command('explain').description('dry run: print the NetworkPolicy and which pods it would cut off from which')).action(
  async (flags: SpecFlags) => {
    const s = session();
    const input = specFromFlags(flags, s.kube.namespace);
    const spec = parsePartitionSpec(input);
    const plan = await s.engine.plan(input);
    emit(s, plan, () => explainPlan(plan, policyDirection(spec), spec.blockAllEgress, spec.established));
  },
);

program
  .command('recover <id>')
  .description('remove a partition and its pod labels (succeeds if already gone)')
  .option('-n, --namespace <ns>', 'namespace of the fault (default: search every namespace you may list)')
  .action(async (id: string, flags: { namespace?: string }) => {
    const s = session();
    const result = await s.engine.recover(id, flags.namespace);
    emit(s, result, () => (result.recovered ? `recovered fault ${id} at ${result.recoveredAt}` : `fault ${id} was already recovered (nothing to remove)`));
  });

program
  .command('list')
  .description('list active partitions')
  .option('-n, --namespace <ns>', 'only this namespace (default: every namespace you may list)')
  .action(async (flags: { namespace?: string }) => {
    const s = session();
    const faults = await s.engine.list(flags.namespace);
    emit(s, faults, () => faultTable(faults));
  });

program
  .command('get <id>')
  .description('show one partition')
  .option('-n, --namespace <ns>', 'namespace of the fault')
  .action(async (id: string, flags: { namespace?: string }) => {
    const s = session();
    const fault = await s.engine.get(id, flags.namespace);
    if (!fault) throw new FaultNotFoundError(id);
    emit(s, fault, () => faultDetail(fault));
  });

program
  .command('sweep')
  .description('remove expired and orphaned partitions and stray pod labels')
  .option('-n, --namespace <ns>', 'sweep this namespace (repeatable; default: every namespace you may list, else your own)', collect)
  .option('--all', 'remove every partition, live or not')
  .action(async (flags: { namespace?: string[]; all?: boolean }) => {
    const s = session();
    const report = await s.engine.sweep({ namespaces: flags.namespace, all: flags.all ?? false });
    emit(s, report, () => sweepSummary(report));
  });

program
  .command('serve')
  .description('run the HTTP API (wire-compatible with the Dynamo fault-injection API)')
  .option('--port <port>', 'listen port', '8080')
  .option('--host <host>', 'listen address', '0.0.0.0')
  .option(
    '--unauthenticated-as <user>',
    'authorize requests without a token as this ServiceAccount (system:serviceaccount:NS:NAME), still per request with SubjectAccessReview',
  )
  .option(
    '--insecure-no-auth',
    'accept requests without a Kubernetes bearer token (only behind kubectl port-forward); with --unauthenticated-as: allow that identity even if its rights are cluster-wide',
  )
  .action(async (flags: { port: string; host: string; insecureNoAuth?: boolean; unauthenticatedAs?: string }) => {
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ValidationError(`--port: "${flags.port}" is not a port number 0-65535`, ['--port']);
    const globals = program.opts<{ kubeconfig?: string; context?: string }>();
    // lazy: the API module is heavier and not needed by the other commands
    const { startApiServer } = await import('../api/start.ts');
    const api = await startApiServer({
      port,
      host: flags.host,
      insecureNoAuth: flags.insecureNoAuth ?? false,
      unauthenticatedAs: flags.unauthenticatedAs,
      kubeconfig: globals.kubeconfig,
      context: globals.context,
    });
    process.stderr.write(`fault-injection API listening on ${api.url}\n`);
    const stop = () => void api.close().finally(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('report <input>')
  .description(
    'write a self-contained HTML report of a scenario run (timeline, checks, metrics) from its result JSON or runner NDJSON log; -o <file.html> names the output',
  )
  .action(async (input: string) => {
    const out = program.opts<{ output: string }>().output;
    if (program.getOptionValueSource('output') !== 'cli' || FORMATS.includes(out)) {
      throw new ValidationError('-o: name the HTML file to write, e.g. fault-inject report run.log -o run.html', [
        '-o: name the HTML file to write, e.g. -o run.html',
      ]);
    }
    // lazy: the other commands never load the renderer
    const { readReportInput, writeReport } = await import('../report/file.ts');
    const report = readReportInput(input);
    const bytes = writeReport(report, out);
    const requests = report.result.requests;
    process.stderr.write(
      `report of ${report.result.scenario} (${report.result.status}${requests ? `, ${requests.total} requests, ${requests.failed} failed` : ''}) written to ${out} (${bytes} bytes)\n`,
    );
  });

program.parseAsync(process.argv).catch(exitWithError);
