import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * A statement Postgres parses (and, once its plan settles, plans) once per
 * connection instead of once per call. TypeORM sends every query unnamed, so
 * Postgres parses and plans it again each time; for the short, hot statements
 * of the doors and the projector that was about half of their cost in the
 * backend (a claim + confirm pair: 400–490 µs of backend CPU unnamed, 233 µs
 * named, docs/persistence.md).
 *
 * Only for statements whose text never changes: each distinct text stays
 * prepared on every pooled connection for the connection's life. Statements
 * over `unnest($1::text[], …)` have one text whatever the batch size.
 */
export interface PreparedStatement {
  /** Derived from the text: two texts never share a name, and one text has one name in every process. */
  readonly name: string;
  readonly text: string;
}

export function preparedStatement(text: string): PreparedStatement {
  return Object.freeze({ name: `hl_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text });
}

/** What the statement returned: its rows (RETURNING, SELECT) and how many rows it touched. */
export interface PreparedResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

interface PgQueryable {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/**
 * Runs a prepared statement on `db`: inside its transaction when `db` is a
 * transaction's EntityManager, else on a pooled connection. Errors are the pg
 * driver's own (a SQLSTATE in `code`), not wrapped in TypeORM's QueryFailedError.
 */
export async function runPrepared<Row = unknown>(
  db: DataSource | EntityManager,
  statement: PreparedStatement,
  values: readonly unknown[],
): Promise<PreparedResult<Row>> {
  const target = await connectionOf(db);
  const result = await target.query({ name: statement.name, text: statement.text, values });
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
}

async function connectionOf(db: DataSource | EntityManager): Promise<PgQueryable> {
  const runner = db instanceof DataSource ? undefined : db.queryRunner;
  // A transaction's manager has its own query runner, holding the transaction's connection.
  if (runner !== undefined) return (await runner.connect()) as PgQueryable;
  const source = db instanceof DataSource ? db : db.dataSource;
  const pool = (source.driver as unknown as { master?: PgQueryable }).master;
  if (pool === undefined) throw new Error('the data source is not initialised (no Postgres pool)');
  return pool;
}
