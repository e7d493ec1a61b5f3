// ESLint flat config: typescript-eslint's recommended rules, type-aware, plus the
// few that guard this engine's promises (STYLE.md): no promise is dropped, no
// `any`, no `@ts-ignore`, no silent `catch {}`. Formatting is prettier's job.
// Run with `npm run lint`; not yet part of `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.cache/', '.data/', 'bench/results/', 'apps/console/src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore says "unused on purpose" (a rest-destructured field, a required parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        // One TypeScript program per tsconfig (the root one, apps/console's), found per file.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A dropped promise is a failure nobody hears of: await it, return it, or `void` it on purpose.
      '@typescript-eslint/no-floating-promises': 'error',
      // A promise where a callback's boolean or void is expected (e.g. an async event handler) loses its rejection.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
      // `catch {}` with nothing in it stops an error silently; say why in a comment or handle it.
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // Console specs that run against the engine's Node code have a tsconfig of their own.
    files: ['apps/console/src/**/*.node.spec.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './apps/console/tsconfig.node-spec.json' } },
  },
  {
    // Plain JS (configs, build scripts): no type information to lint with.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      sourceType: 'module',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
  },
  {
    files: ['**/*.cjs', 'jest.config.js', 'apps/console/src/test-support/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
