// ESLint flat config: typescript-eslint's strict, type-checked preset over every TypeScript file in the repo.
// Formatting is Prettier's job (.prettierrc.json); nothing here checks layout. Each rule changed below says why.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.testbed/'] },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // @kubernetes/client-node declares every API object (V1Pod, V1ObjectMeta, …) as a class, but they are plain data:
      // its own API calls accept and return object literals and nothing checks `instanceof`. Writing manifests as
      // literals and copying them with `...` is the library's intended use, not a lost prototype.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-misused-spread': 'off',
      // tsconfig has noUncheckedIndexedAccess, so every `xs[i]` is `T | undefined`; `xs[i]!` marks an index the code
      // has just bounds-checked (a regex group that matched, `rows[0]` after a length test). Rewriting each as an
      // `if (!x) throw` would add hundreds of unreachable branches.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // node:test's test()/describe()/it() return promises the runner itself awaits; awaiting them at the top level
      // would serialise the file's tests. Every other floating promise is still an error.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      // `async` without `await` implements a Promise-returning interface (close(), authenticate(), a route handler) and
      // turns a synchronous throw into a rejection, which the callers' `.catch`/`await` rely on.
      '@typescript-eslint/require-await': 'off',
      // A caught error is `unknown`; passing it on to reject() as it came is a rethrow, not a new non-Error reason.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Numbers in messages (`timed out after ${ms} ms`) are deliberate; objects, null and undefined are still errors.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(line) => log(line)` passes a callback; braces around a void call would add noise, not clarity.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // A `let` assigned once after closures that read it were created (a signal handler reading `nats` before the
      // connection exists) cannot be a `const` declared at the assignment: those closures would hit its TDZ.
      'prefer-const': ['error', { destructuring: 'all', ignoreReadBeforeAssign: true }],
      // `const { drop: _drop, ...rest } = o` omits a key; a leading `_` marks a binding that is unused on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  // The testbed (testbed/) is test infrastructure with one entry point, and the product never depends on it.
  {
    files: ['runner/**', 'scenarios/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(testbed|test)(/|$)',
              message: 'runner/ and scenarios/ are the product: they import nothing from testbed/ or test/ (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**', 'scripts/**', 'bench/**'],
    ignores: ['test/testbed/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)testbed/(?!index\\.ts$)',
              message: 'use the testbed through its entry point, testbed/index.ts (only its own unit tests in test/testbed/ reach inside).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['testbed/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)+test/', message: 'the testbed does not import test code; move what it needs into testbed/.' }] },
      ],
      // The node agent plays kubelet: it checks API objects for the nulls their types rule out (a pod as the apiserver
      // sent it) and loops on flags that event callbacks set (`closed`, `stopping`), which TypeScript's narrowing cannot see.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      // Tests read JSON.parse output, API responses and YAML manifests (typed `any`) to assert on them; a wrong shape
      // fails the assertion.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Tests do not trust the types they check: `result?.status` makes a missing value fail the assertion that names
      // it rather than throw a TypeError one line earlier.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  // This file is plain JS outside tsconfig's `include`: lint it without type information.
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
);
