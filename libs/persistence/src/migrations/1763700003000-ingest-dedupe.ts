import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which input record first claimed a message id. Ingest consults it to drop an
 * event published twice with the same (projectId, id) within the dedupe window.
 */
export class IngestDedupe1763700003000 implements MigrationInterface {
  name = 'IngestDedupe1763700003000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ingest_dedupe (
        message_id text PRIMARY KEY,
        source_topic text NOT NULL,
        source_partition integer NOT NULL,
        source_offset bigint NOT NULL,
        claimed_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX ingest_dedupe_by_claimed_at ON ingest_dedupe (claimed_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS ingest_dedupe`);
  }
}
