import { DataSource, type EntityManager } from 'typeorm';

/** Where `projector rebuild` builds, and where the replaced tables are kept until the next rebuild. */
export const SHADOW_SCHEMA = 'hookline_rebuild';
export const RETIRED_SCHEMA = 'hookline_retired';

/**
 * Every table in `public` is a projection of the log, except these. A table
 * added later that is not rebuildable from Kafka must be listed here, or a
 * rebuild would swap in an empty copy of it.
 */
export const NOT_PROJECTED: readonly string[] = ['schema_migrations', 'typeorm_metadata'];

export async function projectedTables(db: EntityManager): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await db.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name).filter((t) => !NOT_PROJECTED.includes(t));
}

/**
 * Recreates `schema` with empty copies of the projected tables: same columns,
 * defaults, constraints and index names as the migrated tables (pg_catalog is
 * the source, so the copy follows every migration without a list to keep in
 * step), foreign keys pointing inside the copy.
 */
export async function createShadowSchema(db: EntityManager, schema: string): Promise<string[]> {
  const tables = await projectedTables(db);
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.query(`CREATE SCHEMA ${schema}`);
  for (const table of tables) {
    await db.query(`CREATE TABLE ${schema}.${table} (LIKE public.${table} INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING IDENTITY)`);
  }
  const constraints: Array<{ table_name: string; name: string; definition: string; contype: string }> = await db.query(
    `SELECT t.relname AS table_name, c.conname AS name, pg_get_constraintdef(c.oid) AS definition, c.contype
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND t.relname = ANY($1) AND c.contype IN ('p', 'u', 'c', 'x', 'f')
     ORDER BY (c.contype = 'f'), t.relname, c.conname`,
    [tables],
  );
  for (const c of constraints) {
    const definition = c.contype === 'f' ? c.definition.replace(/REFERENCES (public\.)?/, `REFERENCES ${schema}.`) : c.definition;
    await db.query(`ALTER TABLE ${schema}.${c.table_name} ADD CONSTRAINT ${c.name} ${definition}`);
  }
  const indexes: Array<{ tablename: string; indexdef: string }> = await db.query(
    `SELECT i.tablename, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_class ci ON ci.oid = c.conindid
                       JOIN pg_namespace n ON n.oid = ci.relnamespace
                       WHERE n.nspname = 'public' AND ci.relname = i.indexname)`,
    [tables],
  );
  for (const index of indexes) {
    await db.query(index.indexdef.replace(` ON public.${index.tablename} `, ` ON ${schema}.${index.tablename} `));
  }
  return tables;
}

/**
 * Moves the live tables to RETIRED_SCHEMA and the shadow's into `public`, in
 * the caller's transaction (which must hold the projection fence). Readers
 * resolve table names per statement, so they see the old or the new tables,
 * never a mix within one statement.
 */
export async function swapInShadow(db: EntityManager, tables: readonly string[], shadow = SHADOW_SCHEMA): Promise<void> {
  await db.query(`DROP SCHEMA IF EXISTS ${RETIRED_SCHEMA} CASCADE`);
  await db.query(`CREATE SCHEMA ${RETIRED_SCHEMA}`);
  for (const table of tables) await db.query(`ALTER TABLE public.${table} SET SCHEMA ${RETIRED_SCHEMA}`);
  for (const table of tables) await db.query(`ALTER TABLE ${shadow}.${table} SET SCHEMA public`);
  await db.query(`DROP SCHEMA ${shadow} CASCADE`);
}

/** A data source whose unqualified table names resolve only inside `schema`: a missing table fails, it never falls through to `public`. */
export function createSchemaDataSource(databaseUrl: string, schema: string, applicationName: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    synchronize: false,
    migrationsRun: false,
    entities: [],
    poolSize: 4,
    applicationName,
    extra: { options: `-c search_path=${schema}` },
    logging: false,
  });
}
