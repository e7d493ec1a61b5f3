// Compiles the whole tree (apps, libs, tools, test harness, bench) with swc into dist/,
// rewriting the @hookline/* aliases to relative paths so `node dist/...` needs no loader.
// Type checking is separate (`npm run typecheck`): swc only strips types, which keeps
// `npm start` fast on a second run.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const swc = join(root, 'node_modules', '.bin', 'swc');
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(
  swc,
  ['apps', 'libs', 'tools', 'bench', '-d', 'dist', '--config-file', '.swcrc', '--quiet',
   '--ignore', '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts'],
  { cwd: root, stdio: 'inherit' },
);
