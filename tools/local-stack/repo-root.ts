import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root, found by walking up from this file: the same code runs
 * from `tools/local-stack/` (jest, ts) and from `dist/tools/local-stack/`
 * (npm start), so a fixed `../..` would be wrong in one of them.
 */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'tools', 'kafka', 'pom.xml'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no Hookline repository above ${from}`);
  }
}
