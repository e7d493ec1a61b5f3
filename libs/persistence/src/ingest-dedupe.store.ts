import type { DataSource } from 'typeorm';

/** One input record that wants to become message `messageId`. */
export interface DedupeClaim {
  readonly messageId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Returns the message ids of `claims` that are duplicates: another input record
 * claimed the same id within the window. A claim records *which record* made
 * it, so when ingest crashes after claiming but before its Kafka transaction
 * commits, the replayed record recognises its own claim and is not dropped.
 * Claims older than the window are taken over.
 */
export async function findDuplicates(db: DataSource, claims: readonly DedupeClaim[], windowMs: number, now: Date): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  const cutoff = new Date(now.getTime() - windowMs).toISOString();
  const rows: Array<{ message_id: string; source_topic: string; source_partition: number; source_offset: string }> = await db.query(
    `WITH incoming AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) AS t(message_id, source_topic, source_partition, source_offset)
     ), claimed AS (
       INSERT INTO ingest_dedupe AS d (message_id, source_topic, source_partition, source_offset, claimed_at)
       SELECT message_id, source_topic, source_partition, source_offset, $5::timestamptz FROM incoming
       ON CONFLICT (message_id) DO UPDATE SET
         source_topic = EXCLUDED.source_topic, source_partition = EXCLUDED.source_partition,
         source_offset = EXCLUDED.source_offset, claimed_at = EXCLUDED.claimed_at
       WHERE d.claimed_at < $6::timestamptz
       RETURNING message_id
     )
     SELECT d.message_id, d.source_topic, d.source_partition, d.source_offset::text
     FROM ingest_dedupe d JOIN incoming i USING (message_id)
     WHERE d.message_id NOT IN (SELECT message_id FROM claimed)`,
    [
      claims.map((c) => c.messageId),
      claims.map((c) => c.topic),
      claims.map((c) => c.partition),
      claims.map((c) => c.offset),
      now.toISOString(),
      cutoff,
    ],
  );
  const duplicates = new Set<string>();
  const byId = new Map(claims.map((c) => [c.messageId, c]));
  for (const row of rows) {
    const claim = byId.get(row.message_id);
    const sameRecord =
      claim !== undefined && claim.topic === row.source_topic && claim.partition === row.source_partition && claim.offset === row.source_offset;
    if (!sameRecord) duplicates.add(row.message_id);
  }
  return duplicates;
}

/** Deletes claims older than the window, in bounded batches; returns how many went. */
export async function pruneDedupeClaims(db: DataSource, windowMs: number, now: Date, batchSize = 5_000): Promise<number> {
  const cutoff = new Date(now.getTime() - windowMs).toISOString();
  const result: [unknown[], number] = await db.query(
    `DELETE FROM ingest_dedupe WHERE message_id IN (SELECT message_id FROM ingest_dedupe WHERE claimed_at < $1 LIMIT $2)`,
    [cutoff, batchSize],
  );
  return result[1];
}
