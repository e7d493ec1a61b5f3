import type { DataSource } from 'typeorm';
import { DomainError, type EndpointState } from '@hookline/domain';
import { endpointStateFromRow, type EndpointRow } from '../rows/endpoint-rows';
import type { Page, PageQuery } from './tenant-list.queries';

/** 0 failing, 1 disabled, 2 the rest: the order an operator triages in. */
export type TriageRank = 0 | 1 | 2;

export interface OperatorEndpoint {
  readonly endpoint: EndpointState;
  readonly rank: TriageRank;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  readonly total: number;
  readonly failed: number;
}

type OperatorRow = EndpointRow & {
  rank: number;
  stat_last_error: string | null;
  stat_last_error_at: Date | null;
  stat_total: string | null;
  stat_failed: string | null;
};

/**
 * Every endpoint of every tenant, failing first, then disabled, then the rest,
 * by id within each. Failing is the dispatcher's verdict when it gave one,
 * else "the last attempt failed". Keyset-paged on (rank, id).
 */
export async function listEndpointsForTriage(db: DataSource, query: PageQuery): Promise<Page<OperatorEndpoint>> {
  const after = query.cursor === undefined ? { rank: -1, id: '' } : decodeTriageCursor(query.cursor);
  const rows: OperatorRow[] = await db.query(
    `SELECT * FROM (
       SELECT e.*, s.last_error AS stat_last_error, s.last_error_at AS stat_last_error_at,
              s.total AS stat_total, s.failed AS stat_failed,
              CASE WHEN coalesce(h.health = 'failing', s.last_error_at > coalesce(s.last_success_at, '-infinity'::timestamptz), false) THEN 0
                   WHEN e.status = 'disabled' THEN 1 ELSE 2 END AS rank
         FROM endpoints e
         LEFT JOIN endpoint_stats s ON s.endpoint_id = e.id
         LEFT JOIN endpoint_health h ON h.endpoint_id = e.id) t
      WHERE (rank, id) > ($1::int, $2::text)
      ORDER BY rank, id LIMIT $3`,
    [after.rank, after.id, query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((row) => ({
      endpoint: endpointStateFromRow(row),
      rank: row.rank as TriageRank,
      lastError: row.stat_last_error,
      lastErrorAt: row.stat_last_error_at?.toISOString() ?? null,
      total: Number(row.stat_total ?? 0),
      failed: Number(row.stat_failed ?? 0),
    })),
    nextCursor: rows.length > query.limit && last !== undefined ? Buffer.from(`triage:${last.rank}:${last.id}`).toString('base64url') : null,
  };
}

function decodeTriageCursor(cursor: string): { rank: number; id: string } {
  const match = /^triage:([012]):(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match === null) throw new DomainError('validation', 'invalid_cursor', 'cursor is not one this API returned', { field: 'cursor' });
  return { rank: Number(match[1]), id: match[2] as string };
}
