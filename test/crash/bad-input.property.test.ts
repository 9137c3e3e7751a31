// Property-based fuzzing of every user-input parser: the partition spec and the CLIs' flag parsers. Bad input only
// ever raises ValidationError with issues naming the field or flag; no other exception escapes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePartitionSpec } from '../../runner/faults/spec.ts';
import { compilePartitionPolicy } from '../../runner/faults/compile.ts';
import { ValidationError } from '../../runner/util/errors.ts';
import { parseBlockedPeer, parseCount, parseDuration, parsePort, parseSelector, specFromFlags, type SpecFlags } from '../../runner/cli/fault/spec-flags.ts';
import { parseEnvPairs, parseRunInclusterOptions, parseScenarioArg } from '../../runner/cli/incluster/options.ts';
import { cronProblem } from '../../runner/cli/incluster/cron.ts';
import { nearValidSpec } from './spec-arbitraries.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? '1500');

/**
 * Runs `fn`; a throw must be a ValidationError with issues, and every line of what the user reads satisfies
 * `names`: the issues for spec errors (the message adds a prettified copy), the message lines for flag errors.
 */
function onlyValidationErrors(fn: () => unknown, names: (line: string) => boolean, read: 'issues' | 'message' = 'issues'): unknown {
  try {
    return fn();
  } catch (error) {
    assert.ok(error instanceof ValidationError, `not a ValidationError: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    assert.ok(error.message.length > 0 && error.issues.length > 0, `ValidationError without issues: ${error.message}`);
    for (const line of read === 'issues' ? error.issues : error.message.split('\n')) assert.ok(names(line), `does not name a field/flag: "${line}"`);
    return undefined;
  }
}

const isPlainObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** "field.path: message" (record keys may be any text), or a spec-level issue quoting the offending key. */
const namesSpecField = (input: unknown) => (issue: string) =>
  /^[A-Za-z].*: \S/.test(issue) || (issue.startsWith('(spec): ') && (!isPlainObject(input) || /"[^"]*"/.test(issue)));
const namesFlag = (issue: string) => /^(-[a-z]|--[a-z]|<scenario>)/.test(issue);

describe('bad input: partition spec', () => {
  test('any JSON value: parsed, or ValidationError naming the field', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => void onlyValidationErrors(() => parsePartitionSpec(input), namesSpecField(input))),
      { numRuns: RUNS },
    );
  });

  test('near-valid specs: parsed (and compilable), or ValidationError naming the field', () => {
    fc.assert(
      fc.property(nearValidSpec({ namespace: 'app', podPrefixes: ['worker'], namespaces: ['app', 'other'], junk: true }), (input) => {
        const spec = onlyValidationErrors(() => parsePartitionSpec(input), namesSpecField(input));
        if (spec)
          onlyValidationErrors(
            () =>
              compilePartitionPolicy({
                spec: spec as ReturnType<typeof parsePartitionSpec>,
                faultId: 'fuzz000001',
                targetUids: ['uid-0'],
                blockedPodIps: ['10.0.0.1'],
              }),
            namesSpecField(input),
          );
      }),
      { numRuns: RUNS },
    );
  });
});

describe('bad input: CLI arguments', () => {
  const text = fc.oneof(
    fc.string(),
    fc.constantFrom('', ' ', '=', 'a=', '=b', 'a=b,', '@', 'a=b@', '4222/tcp', '0', '-1', '1h30m', '99999999999999999999', 'all', 'one'),
  );
  test('fault-inject flag parsers', () => {
    fc.assert(
      fc.property(text, (t) => {
        onlyValidationErrors(() => parseDuration(t), namesFlag);
        onlyValidationErrors(() => parseSelector(t), namesFlag);
        onlyValidationErrors(() => parseBlockedPeer(t), namesFlag);
        onlyValidationErrors(() => parsePort(t), namesFlag);
        onlyValidationErrors(() => parseCount(t), namesFlag);
      }),
      { numRuns: RUNS },
    );
  });

  test('fault-inject: flags → spec → parsePartitionSpec never throws anything else', () => {
    const flags: fc.Arbitrary<SpecFlags> = fc.record(
      {
        namespace: fc.oneof(fc.constant('app'), text),
        targetPrefix: fc.oneof(fc.constant('worker'), text),
        selector: text,
        count: text,
        blockNats: fc.boolean(),
        blockPods: fc.array(text, { maxLength: 3 }),
        allowNamespace: fc.array(text, { maxLength: 2 }),
        blockAllEgress: fc.boolean(),
        direction: fc.oneof(fc.constantFrom('egress', 'ingress', 'both'), text),
        port: fc.array(text, { maxLength: 2 }),
        duration: text,
        maxLifetime: text,
        force: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(flags, (f) => {
        const input = onlyValidationErrors(
          () => specFromFlags(f, 'default'),
          (issue) => namesFlag(issue) || namesSpecField({})(issue),
        );
        if (input) onlyValidationErrors(() => parsePartitionSpec(input), namesSpecField(input));
      }),
      { numRuns: RUNS },
    );
  });

  test('run-incluster: options, --env pairs, scenario argument, cron schedule', () => {
    const raw = fc.record(
      {
        namespace: text,
        image: text,
        frontendUrl: fc.oneof(fc.webUrl(), text),
        timeout: fc.oneof(text, fc.integer().map(String)),
        env: fc.array(
          fc.oneof(
            text,
            fc.tuple(text, text).map(([k, v]) => `${k}=${v}`),
          ),
          { maxLength: 4 },
        ),
        keep: fc.boolean(),
        output: fc.oneof(fc.constantFrom('text', 'json'), text),
        junit: text,
        schedule: fc.oneof(fc.constantFrom('*/5 * * * *', '@hourly', '61 * * * *', 'TZ=UTC 0 * * * *'), text),
        serviceAccount: text,
        dryRun: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(raw, text, fc.array(text, { maxLength: 4 }), (options, arg, pairs) => {
        onlyValidationErrors(() => parseRunInclusterOptions(options), namesFlag, 'message');
        onlyValidationErrors(() => parseEnvPairs(pairs), namesFlag, 'message');
        onlyValidationErrors(() => parseScenarioArg(arg), namesFlag, 'message');
        const problem = cronProblem(arg);
        assert.ok(problem === undefined || (typeof problem === 'string' && problem.length > 0));
      }),
      { numRuns: RUNS },
    );
  });
});
