import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { READ_MODEL_ENTITIES } from './index';

/**
 * The entities describe the read-model tables; the SQL migrations create them.
 * This compares the two on the database global setup migrated, column by
 * column (name, type, nullability) and by primary key, both ways, so an
 * entity cannot drift from its table unnoticed.
 */
describe('read-model entities match the migrated schema', () => {
  let db: DataSource;

  beforeAll(async () => {
    const databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl === undefined || databaseUrl === '') throw new Error("DATABASE_URL is not set; run through jest's global setup");
    db = createDataSource({ databaseUrl, poolSize: 2, applicationName: 'hookline-entity-check' });
    await db.initialize();
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('registers every read-model entity with the data source', () => {
    expect(READ_MODEL_ENTITIES.length).toBeGreaterThanOrEqual(12);
    for (const entity of READ_MODEL_ENTITIES) expect(db.hasMetadata(entity)).toBe(true);
  });

  it.each(READ_MODEL_ENTITIES.map((entity) => [entity.name, entity] as const))('%s has the columns and key of its table', async (_name, entity) => {
    const metadata = db.getMetadata(entity);
    const table = metadata.tableName;
    const columns: Array<{ column_name: string; data_type: string; udt_name: string; is_nullable: 'YES' | 'NO' }> = await db.query(
      `SELECT column_name, data_type, udt_name, is_nullable FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = $1 ORDER BY column_name`,
      [table],
    );
    expect(columns.length).toBeGreaterThan(0); // the table exists

    const inDatabase = Object.fromEntries(columns.map((c) => [c.column_name, { type: sqlType(c.data_type, c.udt_name), nullable: c.is_nullable === 'YES' }]));
    const inEntity = Object.fromEntries(
      metadata.columns.map((c) => [c.databaseName, { type: `${String(c.type)}${c.isArray ? '[]' : ''}`, nullable: c.isNullable }]),
    );
    expect(inEntity).toEqual(inDatabase);

    const key: Array<{ column_name: string }> = await db.query(
      `SELECT k.column_name FROM information_schema.table_constraints t
       JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema
       WHERE t.table_schema = current_schema() AND t.table_name = $1 AND t.constraint_type = 'PRIMARY KEY' ORDER BY k.column_name`,
      [table],
    );
    expect(metadata.primaryColumns.map((c) => c.databaseName).sort()).toEqual(key.map((k) => k.column_name));
  });
});

/** information_schema's type names in the spelling the entities use. */
function sqlType(dataType: string, udtName: string): string {
  if (dataType === 'ARRAY') return `${sqlType(ELEMENT_TYPES[udtName] ?? udtName, '')}[]`;
  return dataType === 'timestamp with time zone' ? 'timestamptz' : dataType;
}

const ELEMENT_TYPES: Record<string, string> = { _text: 'text', _int4: 'integer', _int8: 'bigint' };
