import { DataSource } from 'typeorm';
import { READ_MODEL_ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  readonly databaseUrl: string;
  readonly poolSize?: number;
  readonly applicationName?: string;
}

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
  });
}
