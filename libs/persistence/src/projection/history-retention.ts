import type { EntityManager } from 'typeorm';

export interface PruneResult {
  readonly messages: number;
  readonly attempts: number;
}

/**
 * Deletes one bounded batch of history older than `cutoff`: up to `limit`
 * messages (with their deliveries and attempts), then up to `limit` attempts
 * whose message is already gone (a late retry of a pruned message), and takes
 * the deleted attempts off `endpoint_stats` in the same statement, so stats
 * keep equalling counts over `attempts`. Last error/success and health
 * verdicts older than the cutoff are forgotten too: a rebuild from a log that
 * no longer holds them must come out equal. Quarantined records older than
 * the cutoff (their log timestamp) go too, for the same reason: `delivery-log`
 * keeps only a few days more than the history. Call until it returns zeros.
 */
export async function pruneHistoryBatch(db: EntityManager, cutoff: Date, limit: number): Promise<PruneResult> {
  const byMessage: Array<{ messages: string; attempts: string }> = await db.query(
    `WITH doomed AS (
       SELECT id FROM messages WHERE accepted_at < $1 ORDER BY accepted_at, id LIMIT $2 FOR UPDATE
     ), gone_attempts AS (
       DELETE FROM attempts a USING doomed WHERE a.message_id = doomed.id RETURNING a.endpoint_id, a.outcome
     ), gone_deliveries AS (
       DELETE FROM message_deliveries d USING doomed WHERE d.message_id = doomed.id RETURNING 1
     ), gone_messages AS (
       DELETE FROM messages m USING doomed WHERE m.id = doomed.id RETURNING 1
     ), stats AS (${subtractFromStats('gone_attempts')})
     SELECT (SELECT count(*) FROM gone_messages) AS messages, (SELECT count(*) FROM gone_attempts) AS attempts`,
    [cutoff.toISOString(), limit],
  );
  const orphans: Array<{ attempts: string }> = await db.query(
    `WITH doomed AS (
       SELECT a.message_id, a.endpoint_id, a.attempt FROM attempts a
       WHERE a.attempted_at < $1 AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = a.message_id)
       ORDER BY a.attempted_at LIMIT $2 FOR UPDATE
     ), gone_attempts AS (
       DELETE FROM attempts a USING doomed
       WHERE (a.message_id, a.endpoint_id, a.attempt) = (doomed.message_id, doomed.endpoint_id, doomed.attempt)
       RETURNING a.message_id, a.endpoint_id, a.outcome
     ), gone_deliveries AS (
       DELETE FROM message_deliveries d USING gone_attempts g
       WHERE (d.message_id, d.endpoint_id) = (g.message_id, g.endpoint_id) RETURNING 1
     ), stats AS (${subtractFromStats('gone_attempts')})
     SELECT (SELECT count(*) FROM gone_attempts) AS attempts`,
    [cutoff.toISOString(), limit],
  );
  await db.query(
    `UPDATE endpoint_stats SET
       last_error = CASE WHEN last_error_at < $1 THEN NULL ELSE last_error END,
       last_error_at = CASE WHEN last_error_at < $1 THEN NULL ELSE last_error_at END,
       last_success_at = CASE WHEN last_success_at < $1 THEN NULL ELSE last_success_at END
     WHERE last_error_at < $1 OR last_success_at < $1`,
    [cutoff.toISOString()],
  );
  await db.query(`DELETE FROM endpoint_health WHERE since < $1`, [cutoff.toISOString()]);
  await db.query(`DELETE FROM projector_quarantine WHERE logged_at < $1`, [cutoff.toISOString()]);
  await db.query(`DELETE FROM endpoint_stats WHERE total = 0 AND last_error_at IS NULL AND last_success_at IS NULL`);
  return {
    messages: Number(byMessage[0]?.messages ?? 0),
    attempts: Number(byMessage[0]?.attempts ?? 0) + Number(orphans[0]?.attempts ?? 0),
  };
}

function subtractFromStats(gone: string): string {
  return `UPDATE endpoint_stats s SET
       total = s.total - g.total,
       succeeded = s.succeeded - g.succeeded,
       failed = s.failed - g.failed
     FROM (SELECT endpoint_id, count(*) AS total,
                  count(*) FILTER (WHERE outcome = 'succeeded') AS succeeded,
                  count(*) FILTER (WHERE outcome = 'failed') AS failed
           FROM ${gone} GROUP BY endpoint_id) g
     WHERE s.endpoint_id = g.endpoint_id
     RETURNING 1`;
}
