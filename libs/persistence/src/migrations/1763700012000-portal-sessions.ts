import { sqlMigration } from './sql-migration';

/**
 * Console portal sessions. Operational state, like ingest_dedupe, not a
 * projection: a session is short-lived access, not a fact of the registry, so
 * it is neither in a topic nor rebuilt by `projector rebuild`. Only hashes of
 * the link and session tokens are kept.
 */
export const PortalSessions1763700012000 = sqlMigration('PortalSessions1763700012000', {
  up: [
    `
      CREATE TABLE portal_sessions (
        id text PRIMARY KEY,
        link_hash text NOT NULL UNIQUE,
        session_hash text UNIQUE,
        account_id text NOT NULL,
        project_id text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        exchanged_at timestamptz,
        revoked_at timestamptz
      )`,
    `CREATE INDEX portal_sessions_by_expiry ON portal_sessions (expires_at)`,
  ],
  down: [`DROP TABLE IF EXISTS portal_sessions`],
});
