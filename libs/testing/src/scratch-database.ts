import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '@hookline/persistence';

export interface ScratchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export interface ScratchDatabaseOptions {
  /** A database URL on the server to create it on; jest's global setup exports DATABASE_URL. */
  readonly serverUrl?: string;
  /** Part of the database name, so a leftover one says who made it. */
  readonly label?: string;
}

/**
 * A fresh, migrated database on the run's Postgres, for tests and benches that
 * compare or rebuild whole read models: the shared database holds every test
 * file's rows, and rebuild and check need one deployment's projections only.
 */
export async function createScratchDatabase({
  serverUrl = process.env.DATABASE_URL,
  label = 'scratch',
}: ScratchDatabaseOptions = {}): Promise<ScratchDatabase> {
  if (serverUrl === undefined || serverUrl === '') throw new Error("DATABASE_URL is not set; run through jest's global setup");
  const name = `${label}_${randomBytes(5).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return {
    url: url.toString(),
    drop: () => withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdminClient<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
