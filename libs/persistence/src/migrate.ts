import { createDataSource } from './data-source';

/** Applies pending migrations in one transaction each; safe to run on every start and as a Helm hook Job. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = createDataSource({ databaseUrl, poolSize: 1, applicationName: 'hookline-migrate' });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
