import type { DataSource } from 'typeorm';
import { projectedTables } from '@hookline/persistence/projection';

/** Every projected table's rows as Postgres row text, sorted: two snapshots are equal exactly when the read models are. */
export type TableSnapshot = Record<string, string[]>;

export async function snapshotTables(db: DataSource): Promise<TableSnapshot> {
  const snapshot: TableSnapshot = {};
  for (const table of await projectedTables(db.manager)) {
    const rows: Array<{ row: string }> = await db.query(`SELECT t::text AS row FROM ${table} t ORDER BY 1`);
    snapshot[table] = rows.map((r) => r.row);
  }
  return snapshot;
}

/** Empties every projected table, so one scratch database serves many runs of a projection. */
export async function truncateProjectedTables(db: DataSource): Promise<void> {
  const tables = await projectedTables(db.manager);
  await db.query(`TRUNCATE ${tables.join(', ')}`);
}
