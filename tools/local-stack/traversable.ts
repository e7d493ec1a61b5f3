import { chmod, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/**
 * As root, Postgres runs as its own OS user, which must be able to walk down to
 * the binaries in node_modules. A checkout in a directory only root may enter
 * (mktemp -d makes 0700 directories) would fail with a bare EACCES on initdb.
 * We add search permission for others (o+x: pass through, not list) to the
 * directories from the repository root down to `target`; a directory above
 * the repository that blocks the way is not ours to change, so it is named.
 */
export async function ensureTraversableByOthers(target: string, repoRoot: string): Promise<void> {
  const chain: string[] = [];
  for (let dir = resolve(target); ; dir = dirname(dir)) {
    chain.push(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of chain.reverse()) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) !== 0) continue;
    const fromRoot = relative(resolve(repoRoot), dir);
    const insideRepo = fromRoot === '' || (!fromRoot.startsWith('..') && !isAbsolute(fromRoot));
    if (!insideRepo) {
      throw new Error(`Postgres runs as its own user and cannot pass through ${dir}; run \`chmod o+x ${dir}\` or move the checkout`);
    }
    await chmod(dir, (mode & 0o7777) | 0o001);
  }
}
