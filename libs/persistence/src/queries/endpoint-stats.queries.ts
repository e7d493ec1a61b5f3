import type { DataSource } from 'typeorm';
import { EndpointStatsEntity } from '../entities';

export interface EndpointStats {
  readonly total: number;
  readonly successful: number;
  readonly failed: number;
  /** successful / total, 0..1; null when there were no attempts. */
  readonly successRate: number | null;
}

export interface EndpointHealth {
  /**
   * The dispatcher's verdict when there is one; otherwise `healthy` (the latest
   * attempt succeeded), `failing` (attempts failed since the last success) or
   * `unknown` (no attempts kept).
   */
  readonly status: 'healthy' | 'failing' | 'unknown';
  readonly lastSuccessAt: string | null;
  readonly lastErrorAt: string | null;
  readonly lastError: string | null;
  /** First failure after the last success, while failing. */
  readonly failingSince: string | null;
  /** Failed attempts since the last success. */
  readonly failuresSinceSuccess: number;
  /** The dispatcher's last verdict (EndpointHealthChanged), when it gave one. */
  readonly verdict: { readonly health: 'healthy' | 'failing'; readonly reason: string; readonly since: string } | null;
}

/** Attempt counts: the maintained row without a range, the attempts table within one. */
export async function endpointStats(db: DataSource, endpointId: string, range: { since?: Date; until?: Date } = {}): Promise<EndpointStats> {
  const ranged = range.since !== undefined || range.until !== undefined;
  const rows: Array<{ total: string; succeeded: string; failed: string }> = ranged
    ? await db.query(
        `SELECT count(*) AS total, count(*) FILTER (WHERE outcome = 'succeeded') AS succeeded, count(*) FILTER (WHERE outcome = 'failed') AS failed
         FROM attempts WHERE endpoint_id = $1 AND ($2::timestamptz IS NULL OR attempted_at >= $2) AND ($3::timestamptz IS NULL OR attempted_at < $3)`,
        [endpointId, range.since?.toISOString() ?? null, range.until?.toISOString() ?? null],
      )
    : await db.getRepository(EndpointStatsEntity).find({ select: { total: true, succeeded: true, failed: true }, where: { endpointId } });
  const total = Number(rows[0]?.total ?? 0);
  const successful = Number(rows[0]?.succeeded ?? 0);
  return { total, successful, failed: Number(rows[0]?.failed ?? 0), successRate: total === 0 ? null : successful / total };
}

/** The verdict row plus facts derived from the attempts table at read time (no ordering-sensitive state in the projection). */
export async function endpointHealth(db: DataSource, endpointId: string): Promise<EndpointHealth> {
  const rows: Array<{
    last_success_at: Date | null;
    failures: string;
    failing_since: Date | null;
    last_error_at: Date | null;
    last_error: string | null;
    verdict_health: 'healthy' | 'failing' | null;
    verdict_reason: string | null;
    verdict_since: Date | null;
  }> = await db.query(
    `WITH ok AS (SELECT max(attempted_at) AS at FROM attempts WHERE endpoint_id = $1 AND outcome = 'succeeded'),
          since AS (SELECT count(*) AS failures, min(attempted_at) AS failing_since FROM attempts, ok
                    WHERE endpoint_id = $1 AND outcome = 'failed' AND attempted_at > coalesce(ok.at, '-infinity'::timestamptz)),
          last_error AS (SELECT attempted_at, coalesce(error, reason) AS message FROM attempts
                         WHERE endpoint_id = $1 AND outcome = 'failed' ORDER BY attempted_at DESC LIMIT 1)
     SELECT ok.at AS last_success_at, since.failures, since.failing_since,
            (SELECT attempted_at FROM last_error) AS last_error_at, (SELECT message FROM last_error) AS last_error,
            h.health AS verdict_health, h.reason AS verdict_reason, h.since AS verdict_since
     FROM ok CROSS JOIN since LEFT JOIN endpoint_health h ON h.endpoint_id = $1`,
    [endpointId],
  );
  const row = rows[0];
  const failures = Number(row?.failures ?? 0);
  const lastSuccessAt = row?.last_success_at ?? null;
  const verdict =
    row?.verdict_health != null && row.verdict_since !== null
      ? { health: row.verdict_health, reason: row.verdict_reason ?? '', since: row.verdict_since.toISOString() }
      : null;
  const status = verdict?.health ?? (failures > 0 ? 'failing' : lastSuccessAt !== null ? 'healthy' : 'unknown');
  return {
    status,
    lastSuccessAt: lastSuccessAt?.toISOString() ?? null,
    lastErrorAt: row?.last_error_at?.toISOString() ?? null,
    lastError: row?.last_error ?? null,
    failingSince: failures > 0 ? (row?.failing_since?.toISOString() ?? null) : null,
    failuresSinceSuccess: failures,
    verdict,
  };
}
