import type { QueryRunner } from 'typeorm';
import { MIGRATIONS } from './index';
import { sqlMigration } from './sql-migration';

/** Records the statements a migration sends, in order (TypeORM's QueryRunner stands in for Postgres here; the int-specs run them for real). */
function recordingRunner(): { runner: QueryRunner; statements: string[] } {
  const statements: string[] = [];
  const runner = { query: async (sql: string) => void statements.push(sql) } as unknown as QueryRunner;
  return { runner, statements };
}

describe('sqlMigration', () => {
  it('runs its statements in order, up and down, under the name TypeORM reads the timestamp from', async () => {
    const Migration = sqlMigration('Example1763799999000', { up: ['CREATE TABLE a (x int)', 'CREATE INDEX a_x ON a (x)'], down: ['DROP TABLE a'] });
    const migration = new Migration();
    expect(migration.name).toBe('Example1763799999000');
    expect(Migration.name).toBe('Example1763799999000');
    const up = recordingRunner();
    await migration.up(up.runner);
    expect(up.statements).toEqual(['CREATE TABLE a (x int)', 'CREATE INDEX a_x ON a (x)']);
    const down = recordingRunner();
    await migration.down(down.runner);
    expect(down.statements).toEqual(['DROP TABLE a']);
  });

  it('names every listed migration after its class, with a 13-digit timestamp at the end, in order', () => {
    const stamps = MIGRATIONS.map((Migration) => {
      const { name } = new Migration();
      expect(name).toBe(Migration.name);
      return Number(/(\d{13})$/.exec(name ?? '')?.[1]);
    });
    expect(stamps.every((stamp) => Number.isInteger(stamp))).toBe(true);
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
  });
});
