import type { DataSource } from 'typeorm';
import { createScratchDatabase, type ScratchDatabase } from '@hookline/testing';
import { createDataSource } from './data-source';
import { preparedStatement, runPrepared } from './prepared-statement';

describe('prepared statements (Postgres)', () => {
  let scratch: ScratchDatabase;
  let db: DataSource;
  const upsert = preparedStatement(
    `INSERT INTO prepared_probe (id, n) SELECT id, n FROM unnest($1::text[], $2::int[]) AS t(id, n)
     ON CONFLICT (id) DO UPDATE SET n = prepared_probe.n + EXCLUDED.n RETURNING id, n`,
  );
  const preparedHere = preparedStatement(`SELECT name FROM pg_prepared_statements WHERE name = $1`);

  beforeAll(async () => {
    scratch = await createScratchDatabase({ label: 'prepared' });
    // One connection: what it prepared is visible to the next statement on it.
    db = await createDataSource({ databaseUrl: scratch.url, poolSize: 1 }).initialize();
    await db.query(`CREATE TABLE prepared_probe (id text PRIMARY KEY, n int NOT NULL)`);
  });

  afterAll(async () => {
    await db.destroy();
    await scratch.drop();
  });

  it('names a statement by its text: one text, one name; two texts, two names', () => {
    expect(preparedStatement(upsert.text).name).toBe(upsert.name);
    expect(preparedStatement(`${upsert.text} `).name).not.toBe(upsert.name);
    expect(upsert.name).toMatch(/^hl_[0-9a-f]{24}$/);
  });

  it('runs on the pool, prepared on the connection, with any batch size under one text', async () => {
    const first = await runPrepared<{ id: string; n: number }>(db, upsert, [
      ['a', 'b'],
      [1, 2],
    ]);
    expect(first).toEqual({
      rows: [
        { id: 'a', n: 1 },
        { id: 'b', n: 2 },
      ],
      rowCount: 2,
    });
    const second = await runPrepared<{ id: string; n: number }>(db, upsert, [
      ['a', 'b', 'c'],
      [10, 10, 10],
    ]);
    expect(second.rows).toEqual([
      { id: 'a', n: 11 },
      { id: 'b', n: 12 },
      { id: 'c', n: 10 },
    ]);
    const seen = await runPrepared<{ name: string }>(db, preparedHere, [upsert.name]);
    expect(seen.rows).toEqual([{ name: upsert.name }]);
  });

  it("runs inside a transaction's manager, on the transaction's connection: a rollback takes it back", async () => {
    await expect(
      db.transaction(async (tx) => {
        await runPrepared(tx, upsert, [['rolled-back'], [1]]);
        const inside = await tx.query(`SELECT n FROM prepared_probe WHERE id = 'rolled-back'`);
        expect(inside).toEqual([{ n: 1 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.query(`SELECT n FROM prepared_probe WHERE id = 'rolled-back'`)).toEqual([]);
  });

  it('is planned with its values every time, so a plan made on an empty table never outlives its growth', async () => {
    await db.query(`CREATE TABLE prepared_growth (id text PRIMARY KEY, flag boolean NOT NULL)`);
    const mark = preparedStatement(`UPDATE prepared_growth g SET flag = true FROM unnest($1::text[]) AS r(id) WHERE g.id = r.id`);
    // A table Postgres knows to be nearly empty (autovacuum analyses a new table after its first 50 rows). Left to
    // plan_cache_mode=auto, the sixth run switches to a generic plan (a hash join over a sequential scan), kept while
    // the table grows.
    await db.query(`INSERT INTO prepared_growth SELECT 'seed_' || g, false FROM generate_series(1, 10) g`);
    await db.query(`ANALYZE prepared_growth`);
    for (let i = 0; i < 8; i += 1) await runPrepared(db, mark, [[`id_${i}`]]);
    await db.query(`INSERT INTO prepared_growth SELECT 'id_' || g, false FROM generate_series(1, 20000) g`);
    for (let i = 0; i < 4; i += 1) expect((await runPrepared(db, mark, [[`id_${i + 1}`]])).rowCount).toBe(1);
    const plans = await db.query(`SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name = $1`, [mark.name]);
    expect(plans).toEqual([{ generic: 0, custom: 12 }]);
  });

  it("fails with Postgres's SQLSTATE in `code`, and the connection goes on", async () => {
    await expect(runPrepared(db, upsert, [['null-n'], [null]])).rejects.toMatchObject({ code: '23502' });
    expect((await runPrepared(db, upsert, [['after'], [1]])).rowCount).toBe(1);
  });
});
