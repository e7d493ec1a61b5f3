import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  readonly databaseUrl: string;
  readonly poolSize?: number;
  readonly applicationName?: string;
}

/** The one TypeORM data source shape; reads use SQL through it, writes go through projections. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    entities: [],
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'hookline',
    // Failed queries surface as exceptions with the query attached; logging them here too only doubles the noise.
    logging: false,
  });
}
