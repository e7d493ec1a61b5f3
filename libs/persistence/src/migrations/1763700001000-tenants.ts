import { sqlMigration } from './sql-migration';

/** Tenants and event types: accounts own projects, API keys (hashed) belong to either, event types are global or an account's. */
export const Tenants1763700001000 = sqlMigration('Tenants1763700001000', {
  up: [
    `
      CREATE TABLE accounts (
        id text PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL
      )`,
    `
      CREATE TABLE projects (
        id text PRIMARY KEY,
        account_id text NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL
      )`,
    `CREATE INDEX projects_by_account ON projects (account_id, id)`,
    `
      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        key_hash text NOT NULL UNIQUE,
        scope text NOT NULL CHECK (scope IN ('account', 'project')),
        account_id text NOT NULL,
        project_id text,
        name text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`,
    // id is the aggregate key `<accountId|*>/<name>`, so one name is unique per owner.
    `
      CREATE TABLE event_types (
        id text PRIMARY KEY,
        account_id text,
        name text NOT NULL,
        description text NOT NULL,
        schema jsonb,
        created_at timestamptz NOT NULL
      )`,
    `CREATE INDEX event_types_by_account ON event_types (account_id, name)`,
  ],
  down: [`DROP TABLE IF EXISTS event_types`, `DROP TABLE IF EXISTS api_keys`, `DROP TABLE IF EXISTS projects`, `DROP TABLE IF EXISTS accounts`],
});
