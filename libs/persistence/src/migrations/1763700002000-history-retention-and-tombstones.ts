import { sqlMigration } from './sql-migration';

/**
 * History read side: tombstones for deleted endpoints (so a late or replayed
 * delivery fact cannot bring their history back, whatever order the registry
 * and delivery-log partitions are projected in), the dispatcher's health
 * verdict per endpoint, and the index retention reads attempts by.
 */
export const HistoryRetentionAndTombstones1763700002000 = sqlMigration('HistoryRetentionAndTombstones1763700002000', {
  up: [
    `
      CREATE TABLE deleted_endpoints (
        endpoint_id text PRIMARY KEY,
        deleted_at timestamptz NOT NULL
      )`,
    // The dispatcher's verdict on an endpoint (EndpointHealthChanged), latest per endpoint.
    `
      CREATE TABLE endpoint_health (
        endpoint_id text PRIMARY KEY,
        health text NOT NULL CHECK (health IN ('healthy', 'failing')),
        reason text NOT NULL,
        since timestamptz NOT NULL
      )`,
    // Retention removes attempts whose message is already gone (a late retry of a pruned message).
    `CREATE INDEX attempts_by_attempted_at ON attempts (attempted_at)`,
  ],
  down: [`DROP INDEX attempts_by_attempted_at`, `DROP TABLE endpoint_health`, `DROP TABLE deleted_endpoints`],
});
