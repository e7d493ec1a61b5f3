import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '@hookline/persistence';

export interface ScratchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database on the run's Postgres, for tests that compare or
 * rebuild whole read models: the shared database holds every test file's rows.
 */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const base = process.env.DATABASE_URL;
  if (base === undefined || base === '') throw new Error("DATABASE_URL is not set; run through jest's global setup");
  const name = `scratch_${randomBytes(5).toString('hex')}`;
  await withAdminClient(base, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return {
    url: url.toString(),
    drop: () => withAdminClient(base, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
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
