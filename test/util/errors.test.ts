import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { ERROR_CODES, FaultNotFoundError, NetpartError, RefusedError, ValidationError, isNetpartError } from '../../runner/util/errors.ts';
import { ScenarioAssertionError, isAssertionError } from '../../runner/scenario/errors.ts';

type BundleModule = {
  isNetpartError: typeof isNetpartError;
  isAssertionError: typeof isAssertionError;
  NetpartError: typeof NetpartError;
  assertionFailure: () => Error;
  refusal: () => Error;
};

// Two separately bundled copies of the error modules, as a scenario bundle and the runner (or a client bundle) are.
async function twoBundles(): Promise<{ a: BundleModule; b: BundleModule; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'netpart-errors-'));
  const entry = join(dir, 'entry.ts');
  const util = resolve('runner/util/errors.ts');
  const scenario = resolve('runner/scenario/errors.ts');
  writeFileSync(
    entry,
    `export { isNetpartError, NetpartError, RefusedError } from ${JSON.stringify(util)};\n` +
      `export { isAssertionError, ScenarioAssertionError } from ${JSON.stringify(scenario)};\n` +
      `import { RefusedError } from ${JSON.stringify(util)};\nimport { ScenarioAssertionError } from ${JSON.stringify(scenario)};\n` +
      `export const assertionFailure = () => new ScenarioAssertionError('rate 0.4 < 0.95', 'availability');\n` +
      `export const refusal = () => new RefusedError('no pods match', 'no-targets');\n`,
  );
  const build = async (name: string) => {
    const outfile = join(dir, `${name}.mjs`);
    await esbuild.build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile, minify: true, logLevel: 'silent' });
    return (await import(pathToFileURL(outfile).href)) as BundleModule;
  };
  const a = await build('a');
  const b = await build('b');
  return { a, b, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('NetpartError', () => {
  test('every named error carries a code, its name and cause', () => {
    const cause = new Error('503 from the API server');
    const errors: [NetpartError, string][] = [
      [new ValidationError('bad spec', ['namespace: required']), ERROR_CODES.invalidInput],
      [new RefusedError('no pods', 'no-targets', { cause }), ERROR_CODES.refused],
      [new FaultNotFoundError('abc'), ERROR_CODES.faultNotFound],
      [new ScenarioAssertionError('x', 'check'), ERROR_CODES.assertionFailed],
    ];
    for (const [error, code] of errors) {
      assert.equal(error.code, code);
      assert.ok(isNetpartError(error));
      assert.ok(isNetpartError(error, error.code));
      assert.ok(error.name.endsWith('Error'));
    }
    assert.equal(errors[1]?.[0].cause, cause);
  });

  test('plain errors and look-alikes are not netpart errors', () => {
    assert.equal(isNetpartError(new Error('x')), false);
    assert.equal(isNetpartError({ name: 'RefusedError', code: 'refused', message: 'x' }), false);
    assert.equal(isNetpartError(undefined), false);
    assert.equal(isNetpartError('refused'), false);
    assert.equal(isNetpartError(new RefusedError('x', 'y'), ERROR_CODES.invalidInput), false);
  });

  test('recognised across two separately bundled (minified) copies, where instanceof fails', async () => {
    const { a, b, cleanup } = await twoBundles();
    try {
      const fromA = a.assertionFailure();
      assert.equal(fromA instanceof b.NetpartError, false, 'the bundles really hold two classes');
      assert.equal(fromA instanceof NetpartError, false);
      assert.ok(b.isNetpartError(fromA, ERROR_CODES.assertionFailed));
      assert.ok(b.isAssertionError(fromA));
      assert.ok(isAssertionError(fromA));
      assert.ok(a.isNetpartError(new RefusedError('x', 'y'), ERROR_CODES.refused));
      assert.equal(b.isAssertionError(a.refusal()), false);
      assert.equal(b.isNetpartError(new Error('plain')), false);
    } finally {
      cleanup();
    }
  });
});
