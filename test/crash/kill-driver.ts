// Starts the crash driver, SIGKILLs it after a delay, and says in which phase the kill landed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { NODE_BUNDLE_OPTIONS } from '../../runner/cli/common/esbuild-options.ts';

/** Bundles the driver once so each of many spawns costs a plain node start, not a tsx compile. */
export async function bundleDriver(): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'netpart-crash-')), 'driver.mjs');
  await build({ ...NODE_BUNDLE_OPTIONS, minify: false, entryPoints: [resolve(import.meta.dirname, 'driver.ts')], outfile });
  return outfile;
}

/** Runs the bundled driver with `env`, kills it with SIGKILL `delayMs` after it is ready; returns the last phase it printed. */
export async function killDriverAfter(driver: string, env: Record<string, string>, delayMs: number): Promise<string> {
  const child = spawn(process.execPath, [driver], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const ready = new Promise<void>((done) =>
    child.stdout.on('data', (c: Buffer) => {
      lines.push(...c.toString().split('\n').filter(Boolean));
      if (lines.includes('ready')) done();
    }),
  );
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  await Promise.race([ready, exited]);
  assert.ok(lines.includes('ready'), `driver did not start: ${stderr.slice(0, 1000)}`);
  await new Promise((r) => setTimeout(r, delayMs));
  child.kill('SIGKILL');
  await exited;
  assert.doesNotMatch(stderr, /Error/, `driver failed on its own before the kill: ${stderr.slice(0, 1000)}`);
  return (lines.at(-1) ?? 'ready').split(' ')[0]!;
}

/** The env every crash driver run needs: where the cluster is, the namespace, its owner Job and the target prefix. */
export function driverEnv(kubeconfigPath: string, namespace: string, owner: { name: string; uid: string }): Record<string, string> {
  return {
    CRASH_KUBECONFIG: kubeconfigPath,
    POD_NAMESPACE: namespace,
    NETPART_JOB_NAME: owner.name,
    NETPART_JOB_UID: owner.uid,
    CRASH_TARGET_PREFIX: 'vllm-decode-worker',
  };
}
