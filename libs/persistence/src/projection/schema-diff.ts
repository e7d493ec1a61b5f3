import type { EntityManager } from 'typeorm';

export interface TableDifference {
  readonly table: string;
  /** Rows (as Postgres row text) only in the first schema / only in the second, up to the sample size. */
  readonly onlyInFirst: string[];
  readonly onlyInSecond: string[];
  readonly onlyInFirstCount: number;
  readonly onlyInSecondCount: number;
}

/**
 * Row-for-row comparison of the same tables in two schemas (a multiset
 * difference of whole rows, as text so json and every other type compare).
 * Returns only the tables that differ.
 */
export async function compareSchemas(db: EntityManager, first: string, second: string, tables: readonly string[], sample = 5): Promise<TableDifference[]> {
  const differences: TableDifference[] = [];
  for (const table of tables) {
    const one = await rowsOnlyIn(db, `${first}.${table}`, `${second}.${table}`, sample);
    const two = await rowsOnlyIn(db, `${second}.${table}`, `${first}.${table}`, sample);
    if (one.count > 0 || two.count > 0) {
      differences.push({ table, onlyInFirst: one.rows, onlyInSecond: two.rows, onlyInFirstCount: one.count, onlyInSecondCount: two.count });
    }
  }
  return differences;
}

async function rowsOnlyIn(db: EntityManager, a: string, b: string, sample: number): Promise<{ count: number; rows: string[] }> {
  const rows: Array<{ row: string; total: string }> = await db.query(
    `WITH diff AS (SELECT t::text AS row FROM ${a} t EXCEPT ALL SELECT t::text AS row FROM ${b} t)
     SELECT row, count(*) OVER () AS total FROM diff ORDER BY row LIMIT $1`,
    [sample],
  );
  return { count: Number(rows[0]?.total ?? 0), rows: rows.map((r) => r.row) };
}
