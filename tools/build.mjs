// Compiles the whole tree (apps, libs, tools, bench, and the fault suite, which runs as a
// process with the test harness of libs/testing: `npm run chaos`, chaos.e2e-spec.ts) with swc into dist/,
// rewriting the @hookline/* aliases to relative paths so `node dist/...` needs no loader;
// then bundles the web console (apps/console, React) with Vite into dist/console/,
// which the registry serves at /console/.
// Type checking is separate (`npm run typecheck`): swc only strips types, which keeps
// `npm start` fast on a second run.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const swc = join(root, 'node_modules', '.bin', 'swc');
// dist/ is overwritten in place, not wiped: several engines (tests, npm start) may be
// running from it while someone rebuilds, and a wiped tree would pull files out from
// under them. A stale file left by a deleted source is harmless: nothing imports it.
execFileSync(
  swc,
  [
    'apps',
    'libs',
    'tools',
    'bench',
    'test/faults',
    '-d',
    'dist',
    '--config-file',
    '.swcrc',
    '--quiet',
    '--ignore',
    '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts,**/*.spec.tsx,apps/console/**',
  ],
  { cwd: root, stdio: 'inherit' },
);

// dist/console/ is written whole by each build: assets carry content hashes, and the
// registry reads index.html per request, so a running registry serves either build.
const { build } = await import('vite');
await build({ configFile: join(root, 'apps', 'console', 'vite.config.mjs') });
