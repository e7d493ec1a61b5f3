import type { DataSource } from 'typeorm';

/** One input record that wants to become message `messageId`. */
export interface DedupeClaim {
  readonly messageId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * How long a pending claim (the HTTP door's, before its transaction
 * committed) holds its id. A door that neither confirms nor releases its claim
 * within this time crashed or lost its Kafka transaction: the id is free for
 * the caller's retry. Longer than a transaction takes, even retried.
 */
export const PENDING_CLAIM_MS = 30_000;

/**
 * Claims each message id for its input record and returns the ids that are
 * duplicates: another input record claimed the same id within the window. A claim records *which record* made
 * it, so when ingest crashes after claiming but before its Kafka transaction
 * commits, the replayed record recognises its own claim and is not dropped.
 * Claims older than the window, and pending ones older than PENDING_CLAIM_MS, are taken over.
 */
export async function claimMessageIds(db: DataSource, claims: readonly DedupeClaim[], windowMs: number, now: Date): Promise<Set<string>> {
  const rows = await claimRows(db, claims, false, windowMs, now);
  const duplicates = new Set<string>();
  const byId = new Map(claims.map((c) => [c.messageId, c]));
  for (const row of rows) if (!isClaimOf(byId.get(row.message_id), row)) duplicates.add(row.message_id);
  return duplicates;
}

/** What a door claim found: the id is this claim's now, another record's message, or another request's in progress. */
export type DoorClaimAnswer = 'won' | 'duplicate' | 'in_progress';

/**
 * The HTTP door's claims: made pending (confirmDedupeClaims once the fan-out
 * committed, releaseDedupeClaims when it failed). An id held by a pending claim
 * of another request is `in_progress`: that request may still fail, so this one
 * is neither accepted nor a duplicate yet, and the caller retries.
 *
 * `confirming`: earlier batches' committed claims, confirmed by the same
 * statement (a round trip and a transaction fewer per batch). Their ids must
 * not be among `claims`: the statement's upsert does not see what its own
 * UPDATE did, so such a claim would find the id still pending.
 */
export async function claimForDoor(
  db: DataSource,
  claims: readonly DedupeClaim[],
  windowMs: number,
  now: Date,
  confirming: readonly DedupeClaim[] = [],
): Promise<Map<string, DoorClaimAnswer>> {
  const rows = await claimRows(db, claims, true, windowMs, now, confirming);
  const byId = new Map(claims.map((c) => [c.messageId, c]));
  return new Map(rows.map((row) => [row.message_id, isClaimOf(byId.get(row.message_id), row) ? 'won' : row.pending ? 'in_progress' : 'duplicate']));
}

/** The door's fan-out committed: its pending claims hold their ids for the whole window now. */
export async function confirmDedupeClaims(db: DataSource, claims: readonly DedupeClaim[]): Promise<void> {
  if (claims.length === 0) return;
  await db.query(confirmSql(1), claimColumns(byMessageId(claims)));
}

/** The UPDATE that confirms claims whose four columns are the parameters from `$first` on. */
function confirmSql(first: number): string {
  const [id, topic, partition, offset] = [first, first + 1, first + 2, first + 3];
  return `UPDATE ingest_dedupe d SET pending = false
     FROM unnest($${id}::text[], $${topic}::text[], $${partition}::int[], $${offset}::bigint[]) AS r(message_id, source_topic, source_partition, source_offset)
     WHERE d.message_id = r.message_id AND d.source_topic = r.source_topic
       AND d.source_partition = r.source_partition AND d.source_offset = r.source_offset`;
}

function claimColumns(claims: readonly DedupeClaim[]): [string[], string[], number[], string[]] {
  return [claims.map((c) => c.messageId), claims.map((c) => c.topic), claims.map((c) => c.partition), claims.map((c) => c.offset)];
}

// Rows are locked in id order: two statements touching overlapping ids in different orders would otherwise
// lock them in opposite orders and deadlock (Postgres aborts one; ingest re-reads it).
function byMessageId(claims: readonly DedupeClaim[]): DedupeClaim[] {
  return [...claims].sort((a, b) => (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0));
}

interface ClaimRow {
  readonly message_id: string;
  readonly source_topic: string;
  readonly source_partition: number;
  readonly source_offset: string;
  readonly pending: boolean;
}

function isClaimOf(claim: DedupeClaim | undefined, row: ClaimRow): boolean {
  return claim !== undefined && claim.topic === row.source_topic && claim.partition === row.source_partition && claim.offset === row.source_offset;
}

async function claimRows(
  db: DataSource,
  claims: readonly DedupeClaim[],
  pending: boolean,
  windowMs: number,
  now: Date,
  confirming: readonly DedupeClaim[] = [],
): Promise<ClaimRow[]> {
  if (claims.length === 0) {
    await confirmDedupeClaims(db, confirming);
    return [];
  }
  const ordered = byMessageId(claims);
  const cutoff = new Date(now.getTime() - windowMs).toISOString();
  const pendingCutoff = new Date(now.getTime() - PENDING_CLAIM_MS).toISOString();
  // Always DO UPDATE (never DO NOTHING) so RETURNING yields every claimed id with the values that won:
  // a concurrent claim of the same id waits on the row lock and then sees the committed winner, which a
  // separate SELECT on the statement's snapshot could miss. Claims older than the window are taken over,
  // and so are pending ones nobody confirmed in time.
  const takeover = `(d.claimed_at < $6::timestamptz OR (d.pending AND d.claimed_at < $7::timestamptz))`;
  // A data-modifying WITH runs to completion whether or not the rest reads it.
  const confirm = confirming.length === 0 ? '' : `WITH confirmed AS (${confirmSql(9)}) `;
  return db.query(
    `${confirm}INSERT INTO ingest_dedupe AS d (message_id, source_topic, source_partition, source_offset, claimed_at, pending)
     SELECT m, t, p, o, c, $8::boolean FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::timestamptz[]) AS r(m, t, p, o, c)
     ON CONFLICT (message_id) DO UPDATE SET
       source_topic = CASE WHEN ${takeover} THEN EXCLUDED.source_topic ELSE d.source_topic END,
       source_partition = CASE WHEN ${takeover} THEN EXCLUDED.source_partition ELSE d.source_partition END,
       source_offset = CASE WHEN ${takeover} THEN EXCLUDED.source_offset ELSE d.source_offset END,
       pending = CASE WHEN ${takeover} THEN EXCLUDED.pending ELSE d.pending END,
       claimed_at = CASE WHEN ${takeover} THEN EXCLUDED.claimed_at ELSE d.claimed_at END
     RETURNING message_id, source_topic, source_partition, source_offset::text, pending`,
    [
      ordered.map((c) => c.messageId),
      ordered.map((c) => c.topic),
      ordered.map((c) => c.partition),
      ordered.map((c) => c.offset),
      ordered.map(() => now.toISOString()),
      cutoff,
      pendingCutoff,
      pending,
      ...(confirming.length === 0 ? [] : claimColumns(byMessageId(confirming))),
    ],
  );
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
    claimColumns(claims),
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
