import { sqlMigration } from './sql-migration';

/**
 * Claims made by the HTTP door. The door fans an event out itself, so its
 * claim has no input record to be recognised by after a crash: it is pending
 * until the door's Kafka transaction committed. A pending claim answers a
 * repeat with "in progress" for a while, and is taken over when its door never
 * confirmed it (docs/ingest.md, "The HTTP door writes the fan-out").
 */
export const DoorDedupeClaims1763700013000 = sqlMigration('DoorDedupeClaims1763700013000', {
  up: [`ALTER TABLE ingest_dedupe ADD COLUMN pending boolean NOT NULL DEFAULT false`],
  down: [`ALTER TABLE ingest_dedupe DROP COLUMN IF EXISTS pending`],
});
