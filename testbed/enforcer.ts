// Which NetworkPolicy enforcer the testbed dataplane runs: kube-router (the default) or Calico's Felix.
import { z } from 'zod';

/** The enforcers the testbed can run in its node namespace. */
export const ENFORCERS = ['kube-router', 'calico'] as const;

/** One of ENFORCERS. */
export type Enforcer = (typeof ENFORCERS)[number];

/** Raised when TESTBED_ENFORCER (or `--enforcer`) names no known enforcer. */
export class EnforcerConfigError extends Error {
  override name = 'EnforcerConfigError';
}

/** Parses TESTBED_ENFORCER (unset or empty = kube-router); throws naming the variable and the accepted values. */
export function enforcerFromEnv(raw: string | undefined = process.env.TESTBED_ENFORCER): Enforcer {
  const parsed = z
    .enum(ENFORCERS)
    .optional()
    .safeParse(raw || undefined);
  if (!parsed.success) {
    throw new EnforcerConfigError(
      `TESTBED_ENFORCER "${raw}" is not an enforcer the testbed runs; set it to ${ENFORCERS.join(' or ')} (or unset it for kube-router)`,
      { cause: parsed.error },
    );
  }
  return parsed.data ?? 'kube-router';
}

/**
 * Takes `--enforcer NAME` / `--enforcer=NAME` out of a command line and exports it as TESTBED_ENFORCER, so `up`, the
 * build step and the node agent (started with this environment) agree; returns the remaining arguments.
 */
export function applyEnforcerFlag(argv: readonly string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--enforcer' || arg.startsWith('--enforcer=')) {
      const value = arg === '--enforcer' ? argv[++i] : arg.slice('--enforcer='.length);
      process.env.TESTBED_ENFORCER = enforcerFromEnv(value ?? '<missing>');
    } else rest.push(arg);
  }
  return rest;
}
