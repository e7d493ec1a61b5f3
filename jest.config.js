// Jest 30, three tiers told apart by file suffix (docs: STYLE.md habit 11):
//   unit         *.spec.ts beside the code — pure, no I/O
//   integration  *.int-spec.ts — against the real Kafka and Postgres of test/global-setup.ts
//   e2e          test/**/*.e2e-spec.ts — across apps with real HTTP receivers
// A run that selects only unit tests starts no infrastructure (see withInfrastructure).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

// The build's own swc settings, so tests compile exactly like `npm run build`:
// legacy decorators with metadata (Nest, TypeORM) and the @hookline/* paths.
// swcrc:false stops swc from also merging .swcrc on its own; baseUrl must be
// absolute when options are passed programmatically.
const { $schema: _schema, ...swcrc } = JSON.parse(readFileSync(join(__dirname, '.swcrc'), 'utf8'));
const swcOptions = { ...swcrc, swcrc: false, jsc: { ...swcrc.jsc, baseUrl: __dirname } };

const ignored = ['/node_modules/', '<rootDir>/dist/', '<rootDir>/.cache/', '<rootDir>/.data/'];

// Once per run, however many test files: one broker and one Postgres shared by
// all of them. Declared on the projects that need it rather than at the root:
// jest runs a project's global setup only when one of its tests is selected
// (and the same file only once), so unit-only runs never boot a JVM.
const withInfrastructure = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swcOptions] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // swc already rewrites the aliases; this covers jest.mock('@hookline/…') and friends.
  // A lib's own entries below its index (@hookline/persistence/projection) map into its src/.
  moduleNameMapper: { '^@hookline/([^/]+)/(.+)$': '<rootDir>/libs/$1/src/$2', '^@hookline/([^/]+)$': '<rootDir>/libs/$1/src' },
  testPathIgnorePatterns: ignored,
  // Keeps the haste map out of build output and Postgres/Kafka data.
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.cache/', '<rootDir>/.data/'],
};

// The web console (apps/console): React components rendered in jsdom, TSX through the
// same swc with React's automatic runtime. Its own project so the node tiers never see TSX.
const consoleSwc = {
  ...swcOptions,
  jsc: { ...swcOptions.jsc, parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } },
};
const webConsole = {
  ...shared,
  displayName: 'console',
  testEnvironment: 'jsdom',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', consoleSwc] },
  moduleFileExtensions: ['tsx', 'ts', 'js', 'json'],
  moduleNameMapper: { ...shared.moduleNameMapper, '\\.css$': '<rootDir>/apps/console/src/test-support/style-stub.js' },
  testMatch: ['<rootDir>/apps/console/**/*.spec.{ts,tsx}'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.spec.ts'],
      testPathIgnorePatterns: [...ignored, '<rootDir>/apps/console/'],
    },
    webConsole,
    { ...shared, ...withInfrastructure, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,tools,test}/**/*.int-spec.ts'] },
    { ...shared, ...withInfrastructure, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
  // Two cores, a JVM and a database: a real round trip can take a while.
  testTimeout: 60_000,
  watchPathIgnorePatterns: ignored,
};
