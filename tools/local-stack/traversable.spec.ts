import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTraversableByOthers } from './traversable';

describe('ensureTraversableByOthers', () => {
  let outer: string;
  beforeEach(() => {
    outer = mkdtempSync(join(tmpdir(), 'traversable-'));
    chmodSync(outer, 0o755);
  });
  afterEach(() => rmSync(outer, { recursive: true, force: true }));

  it('adds search permission (not read) for others from the repository root down', async () => {
    const repo = join(outer, 'repo');
    const bin = join(repo, 'node_modules', 'pg', 'bin');
    mkdirSync(bin, { recursive: true });
    chmodSync(repo, 0o700);
    chmodSync(join(repo, 'node_modules'), 0o750);
    await ensureTraversableByOthers(bin, repo);
    expect(statSync(repo).mode & 0o777).toBe(0o701);
    expect(statSync(join(repo, 'node_modules')).mode & 0o777).toBe(0o751);
  });

  it('names a blocking directory above the repository instead of changing it', async () => {
    const locked = join(outer, 'locked');
    const repo = join(locked, 'repo');
    mkdirSync(repo, { recursive: true });
    chmodSync(locked, 0o700);
    await expect(ensureTraversableByOthers(repo, repo)).rejects.toThrow(`chmod o+x ${locked}`);
    expect(statSync(locked).mode & 0o777).toBe(0o700);
  });
});
