import { DataSource } from 'typeorm';
import { READ_MODEL_ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  readonly databaseUrl: string;
  readonly poolSize?: number;
  readonly applicationName?: string;
}

/**
 * Startup settings of every pooled connection (a `options=` in DATABASE_URL
 * replaces them). Prepared statements (prepared-statement.ts) are planned with
 * their values every time: left to `auto`, Postgres switches a statement to one
 * generic plan after five runs when that looks no dearer, and a generic plan
 * made while a table was nearly empty (a fresh install, the bench) joins it by
 * a sequential scan, which it keeps while the table grows. Under load the
 * door's claim confirmations did exactly that: Postgres went from 0.3 to 0.8
 * cores. Parsing once is most of the saving anyway (docs/persistence.md).
 */
export const CONNECTION_OPTIONS = '-c plan_cache_mode=force_custom_plan';

/**
 * The one TypeORM data source shape. The read models are entities (simple reads use
 * their repositories); the projections write them with raw SQL bulk upserts; the SQL
 * migrations alone change the schema.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    entities: READ_MODEL_ENTITIES,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'hookline',
    // Failed queries surface as exceptions with the query attached; logging them here too only doubles the noise.
    logging: false,
    extra: { options: CONNECTION_OPTIONS },
  });
}
