import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tenants and event types: accounts own projects, API keys (hashed) belong to either, event types are global or an account's. */
export class Tenants1763700001000 implements MigrationInterface {
  name = 'Tenants1763700001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE accounts (
        id text PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE projects (
        id text PRIMARY KEY,
        account_id text NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX projects_by_account ON projects (account_id, id)`);
    await db.query(`
      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        key_hash text NOT NULL UNIQUE,
        scope text NOT NULL CHECK (scope IN ('account', 'project')),
        account_id text NOT NULL,
        project_id text,
        name text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    // id is the aggregate key `<accountId|*>/<name>`, so one name is unique per owner.
    await db.query(`
      CREATE TABLE event_types (
        id text PRIMARY KEY,
        account_id text,
        name text NOT NULL,
        description text NOT NULL,
        schema jsonb,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX event_types_by_account ON event_types (account_id, name)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['event_types', 'api_keys', 'projects', 'accounts']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
