// Which enforcer a run measured: `--enforcer <name>` (a label only), else the testbed's state.json beside the kubeconfig.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

// Only the fields read here; the testbed writes more.
const testbedState = z.object({ kubeconfig: z.string(), dataplane: z.string().optional(), enforcer: z.string().optional() });

/** Raised when `--enforcer` is given without a usable name. */
export class EnforcerNameError extends Error {
  override name = 'EnforcerNameError';
}

/** The flag's name; else the testbed's (kube-router when its state names none); else `unknown`, saying how to name it. */
export function enforcerName(kubeconfig: string, flag: string | undefined): string {
  if (flag !== undefined) {
    if (!/^[A-Za-z0-9][A-Za-z0-9 ._()+-]{0,60}$/.test(flag))
      throw new EnforcerNameError(`--enforcer "${flag}": give a short name such as calico or kube-router (letters, digits, . _ - + ( ) and spaces)`);
    return flag;
  }
  // The testbed keeps each run's kubeconfig at <cache>/run-*/kubeconfig and its state at <cache>/state.json.
  const stateFile = join(dirname(dirname(resolve(kubeconfig))), 'state.json');
  let raw: string;
  try {
    raw = readFileSync(stateFile, 'utf8');
  } catch {
    return 'unknown (not a testbed kubeconfig; pass --enforcer <name>)';
  }
  const state = testbedState.safeParse(JSON.parse(raw));
  if (!state.success || resolve(state.data.kubeconfig) !== resolve(kubeconfig)) return 'unknown (pass --enforcer <name>)';
  return state.data.dataplane === 'netns' ? (state.data.enforcer ?? 'kube-router') : 'none (host dataplane)';
}
