import { sqlMigration } from './sql-migration';

/**
 * Which input record first claimed a message id. Ingest consults it to drop an
 * event published twice with the same (projectId, id) within the dedupe window.
 */
export const IngestDedupe1763700003000 = sqlMigration('IngestDedupe1763700003000', {
  up: [
    `
      CREATE TABLE ingest_dedupe (
        message_id text PRIMARY KEY,
        source_topic text NOT NULL,
        source_partition integer NOT NULL,
        source_offset bigint NOT NULL,
        claimed_at timestamptz NOT NULL
      )`,
    `CREATE INDEX ingest_dedupe_by_claimed_at ON ingest_dedupe (claimed_at)`,
  ],
  down: [`DROP TABLE IF EXISTS ingest_dedupe`],
});
