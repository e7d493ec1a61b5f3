import type { DataSource } from 'typeorm';

/** One input record that wants to become message `messageId`. */
export interface DedupeClaim {
  readonly messageId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Claims each message id for its input record and returns the ids that are
 * duplicates: another input record claimed the same id within the window. A claim records *which record* made
 * it, so when ingest crashes after claiming but before its Kafka transaction
 * commits, the replayed record recognises its own claim and is not dropped.
 * Claims older than the window are taken over.
 */
export async function claimMessageIds(db: DataSource, claims: readonly DedupeClaim[], windowMs: number, now: Date): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  // Rows are claimed in id order: batches of two partitions claiming overlapping ids in different orders
  // would otherwise lock them in opposite orders and deadlock (Postgres aborts one; ingest re-reads it).
  const ordered = [...claims].sort((a, b) => (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0));
  const cutoff = new Date(now.getTime() - windowMs).toISOString();
  // Always DO UPDATE (never DO NOTHING) so RETURNING yields every claimed id with the values that won:
  // a concurrent claim of the same id waits on the row lock and then sees the committed winner, which a
  // separate SELECT on the statement's snapshot could miss. Claims older than the window are taken over.
  const rows: Array<{ message_id: string; source_topic: string; source_partition: number; source_offset: string }> = await db.query(
    `INSERT INTO ingest_dedupe AS d (message_id, source_topic, source_partition, source_offset, claimed_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::timestamptz[])
     ON CONFLICT (message_id) DO UPDATE SET
       source_topic = CASE WHEN d.claimed_at < $6::timestamptz THEN EXCLUDED.source_topic ELSE d.source_topic END,
       source_partition = CASE WHEN d.claimed_at < $6::timestamptz THEN EXCLUDED.source_partition ELSE d.source_partition END,
       source_offset = CASE WHEN d.claimed_at < $6::timestamptz THEN EXCLUDED.source_offset ELSE d.source_offset END,
       claimed_at = CASE WHEN d.claimed_at < $6::timestamptz THEN EXCLUDED.claimed_at ELSE d.claimed_at END
     RETURNING message_id, source_topic, source_partition, source_offset::text`,
    [
      ordered.map((c) => c.messageId),
      ordered.map((c) => c.topic),
      ordered.map((c) => c.partition),
      ordered.map((c) => c.offset),
      ordered.map(() => now.toISOString()),
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

/**
 * Withdraws claims that exactly these records made (a claim another record
 * owns is left alone). Ingest claims ids while it waits for the registry view,
 * on the view it had; when the view moved meanwhile and a record it claimed
 * for is no longer admitted, its claim must go, or a later valid copy of that
 * event would be dropped as a duplicate of one that was never delivered.
 */
export async function releaseDedupeClaims(db: DataSource, claims: readonly DedupeClaim[]): Promise<void> {
  if (claims.length === 0) return;
  await db.query(
    `DELETE FROM ingest_dedupe d
     USING unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) AS r(message_id, source_topic, source_partition, source_offset)
     WHERE d.message_id = r.message_id AND d.source_topic = r.source_topic
       AND d.source_partition = r.source_partition AND d.source_offset = r.source_offset`,
    [claims.map((c) => c.messageId), claims.map((c) => c.topic), claims.map((c) => c.partition), claims.map((c) => c.offset)],
  );
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
