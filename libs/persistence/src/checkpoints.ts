import type { EntityManager } from 'typeorm';

/**
 * Locks and reads the checkpoint of one partition inside the batch's
 * transaction. Records below it were already projected: a replay after a crash,
 * or a stale batch from before a rebalance, skips them. The row lock makes two
 * projectors racing on one partition take turns.
 */
export async function lockCheckpoint(db: EntityManager, topic: string, partition: number): Promise<bigint> {
  await db.query(`INSERT INTO projector_checkpoints (topic, partition, next_offset) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`, [topic, partition]);
  const rows: Array<{ next_offset: string }> = await db.query(`SELECT next_offset FROM projector_checkpoints WHERE topic = $1 AND partition = $2 FOR UPDATE`, [
    topic,
    partition,
  ]);
  return BigInt(rows[0]?.next_offset ?? '0');
}

export async function saveCheckpoint(db: EntityManager, topic: string, partition: number, nextOffset: bigint): Promise<void> {
  await db.query(`UPDATE projector_checkpoints SET next_offset = $3 WHERE topic = $1 AND partition = $2`, [topic, partition, nextOffset.toString()]);
}

/**
 * Where the projection of one partition resumes: its checkpoint's next offset,
 * 0 for a partition it has never projected. The projector seeks there on every
 * assignment, so a database restored from an older backup is caught up from
 * Kafka instead of resuming at Kafka's (newer) committed offset (docs/history.md).
 */
export async function checkpointNextOffset(db: EntityManager, topic: string, partition: number): Promise<bigint> {
  const rows: Array<{ next_offset: string }> = await db.query(`SELECT next_offset FROM projector_checkpoints WHERE topic = $1 AND partition = $2`, [
    topic,
    partition,
  ]);
  return BigInt(rows[0]?.next_offset ?? '0');
}

/** Has the projection passed `offset` of that partition? The registry waits on it for read-your-writes. */
export async function projectedPast(db: EntityManager, topic: string, partition: number, offset: string): Promise<boolean> {
  const rows: Array<{ next_offset: string }> = await db.query(`SELECT next_offset FROM projector_checkpoints WHERE topic = $1 AND partition = $2`, [
    topic,
    partition,
  ]);
  return rows[0] !== undefined && BigInt(rows[0].next_offset) > BigInt(offset);
}

/**
 * Every projection transaction holds this advisory lock shared; a rebuild
 * takes it exclusive to swap its tables in, so no batch is half in the old
 * tables and half in the new ones (see docs/history.md).
 */
const PROJECTION_FENCE = 7_310_462_001;

export async function enterProjectionFence(db: EntityManager): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock_shared($1)`, [PROJECTION_FENCE]);
}

/** Waits for batches in flight and holds new ones back until the transaction ends. */
export async function closeProjectionFence(db: EntityManager): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock($1)`, [PROJECTION_FENCE]);
}

/** Every checkpoint, keyed `topic:partition` → next offset. */
export async function readCheckpoints(db: EntityManager): Promise<Map<string, bigint>> {
  const rows: Array<{ topic: string; partition: number; next_offset: string }> = await db.query(
    `SELECT topic, partition, next_offset FROM projector_checkpoints`,
  );
  return new Map(rows.map((r) => [checkpointKey(r.topic, r.partition), BigInt(r.next_offset)]));
}

export function checkpointKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}
