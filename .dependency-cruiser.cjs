// The layer arrows of STYLE.md ("Shape of the house"), checked by `npm run depcruise`.
// Paths are relative to the repository root; @hookline/* aliases resolve through tsconfig.json.
const TESTS = '\\.(spec|int-spec|e2e-spec)\\.tsx?$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle makes load order matter and hides which module owns what.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'apps-import-libs-only',
      severity: 'error',
      comment:
        'An app imports its own files, libs and npm packages: never another app, tools/, test/ or bench/ (its tests may use the harness in libs/testing).',
      from: { path: '^apps/([^/]+)/', pathNot: TESTS },
      to: { path: '^(apps|tools|test|bench)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-import-no-app',
      severity: 'error',
      comment: 'Dependencies point down: nothing in libs/ depends on an app.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-imports-contracts-only',
      severity: 'error',
      comment: 'libs/domain is pure: of the libs it imports only libs/contracts.',
      from: { path: '^libs/domain/' },
      to: { path: '^libs/', pathNot: '^libs/(domain|contracts)/' },
    },
    {
      name: 'domain-npm-deps-are-pure',
      severity: 'error',
      comment: 'libs/domain does no I/O: its npm packages are the pure ones it uses today (its specs may use more).',
      from: { path: '^libs/domain/', pathNot: TESTS },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: 'node_modules/(ajv|ajv-formats|ipaddr\\.js)/',
      },
    },
    {
      name: 'domain-node-builtins-are-pure',
      severity: 'error',
      comment: 'Of Node itself libs/domain uses crypto, buffer and net address parsing: no fs, child_process, http or timers.',
      from: { path: '^libs/domain/', pathNot: TESTS },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?(crypto|buffer|net)$' },
    },
    {
      name: 'contracts-import-no-lib',
      severity: 'error',
      comment: 'libs/contracts is the wire contract: it imports no other lib.',
      from: { path: '^libs/contracts/' },
      to: { path: '^libs/', pathNot: '^libs/contracts/' },
    },
    {
      name: 'harness-only-in-tests',
      severity: 'error',
      comment: 'libs/testing (the test harness) is for tests, test/ and bench/ only: shipped code never starts an engine under test.',
      from: { path: '^(apps|libs|tools)/', pathNot: [TESTS, '^libs/testing/'] },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'libs-through-their-entries',
      severity: 'error',
      comment: 'A lib is imported through its entry (index.ts, or persistence/src/<part>/index.ts), not by reaching into its files.',
      // apps/console is a browser bundle built by Vite without the @hookline aliases: it takes the one
      // browser-safe file it needs (API_VERSION, the signing the snippets are checked against).
      from: { path: '^(apps|libs|tools|test|bench)/', pathNot: ['^libs/([^/]+)/', '^apps/console/'] },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/[^/]+/src/index\\.ts$', '^libs/persistence/src/(projection|queries|dedupe)/index\\.ts$'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve: a missing package or a wrong path.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|\\.cache|\\.data|bench/results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
