import type { EntityManager } from 'typeorm';

/**
 * Locks and reads the checkpoint of one partition inside the batch's
 * transaction. Records below it were already projected: a replay after a crash,
 * or a stale batch from before a rebalance, skips them. The row lock makes two
 * projectors racing on one partition take turns.
 */
export async function lockCheckpoint(db: EntityManager, topic: string, partition: number): Promise<bigint> {
  await db.query(
    `INSERT INTO projector_checkpoints (topic, partition, next_offset) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`,
    [topic, partition],
  );
  const rows: Array<{ next_offset: string }> = await db.query(
    `SELECT next_offset FROM projector_checkpoints WHERE topic = $1 AND partition = $2 FOR UPDATE`,
    [topic, partition],
  );
  return BigInt(rows[0]?.next_offset ?? '0');
}

export async function saveCheckpoint(db: EntityManager, topic: string, partition: number, nextOffset: bigint): Promise<void> {
  await db.query(`UPDATE projector_checkpoints SET next_offset = $3 WHERE topic = $1 AND partition = $2`, [
    topic,
    partition,
    nextOffset.toString(),
  ]);
}

/** Has the projection passed `offset` of that partition? The registry waits on it for read-your-writes. */
export async function projectedPast(db: EntityManager, topic: string, partition: number, offset: string): Promise<boolean> {
  const rows: Array<{ next_offset: string }> = await db.query(
    `SELECT next_offset FROM projector_checkpoints WHERE topic = $1 AND partition = $2`,
    [topic, partition],
  );
  return rows[0] !== undefined && BigInt(rows[0].next_offset) > BigInt(offset);
}
