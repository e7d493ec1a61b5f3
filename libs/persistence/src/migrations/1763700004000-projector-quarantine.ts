import { sqlMigration } from './sql-migration';

/**
 * Facts the projector could not project: undecodable, of an unknown type, or
 * refused by Postgres for their data (a NUL character, a lone surrogate…).
 * Written in the batch's transaction with the checkpoint, so the partition
 * moves on and a rebuild reproduces the same rows (docs/history.md).
 * `logged_at` is the record's Kafka timestamp, not the time of quarantine,
 * so the live table and a rebuilt one compare equal.
 */
export const ProjectorQuarantine1763700004000 = sqlMigration('ProjectorQuarantine1763700004000', {
  up: [
    `
      CREATE TABLE projector_quarantine (
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        fact_type text,
        reason text NOT NULL CHECK (reason IN ('undecodable', 'unknown_fact_type', 'refused_by_database')),
        sqlstate text,
        error text NOT NULL,
        value_prefix bytea,
        value_size integer NOT NULL,
        logged_at timestamptz NOT NULL,
        PRIMARY KEY (topic, partition, "offset")
      )`,
  ],
  down: [`DROP TABLE projector_quarantine`],
});
