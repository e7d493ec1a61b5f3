import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/**
 * Files outside libs/kafka that still import kafkajs, moving onto the ports
 * on other branches (issue 14): the dispatcher's and ingest's. The list only
 * shrinks: a file that moved must leave it (the second test), and the lead
 * empties it when those branches merge.
 */
const STILL_MOVING = new Set<string>([]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [relative(root, path)] : [];
  });
}

describe('kafkajs stays behind the ports of libs/kafka', () => {
  const importers = [...sources(join(root, 'apps')), ...sources(join(root, 'libs'))]
    // libs/testing is the test harness (it was test/harness): a client of the broker from outside the engine.
    .filter((file) => !file.startsWith('libs/kafka/') && !file.startsWith('libs/testing/'))
    .filter((file) => /from 'kafkajs'|require\('kafkajs'\)/.test(readFileSync(join(root, file), 'utf8')));

  it('is imported by no app or other lib, beyond the files still moving', () => {
    expect(importers.filter((file) => !STILL_MOVING.has(file))).toEqual([]);
  });

  it('keeps the list of files still moving honest: each still imports kafkajs', () => {
    expect([...STILL_MOVING].filter((file) => !importers.includes(file))).toEqual([]);
  });
});
