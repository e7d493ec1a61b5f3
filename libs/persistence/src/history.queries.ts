import type { DataSource } from 'typeorm';

export interface DeliveryListItem {
  readonly messageId: string;
  readonly eventType: string;
  readonly status: string;
  readonly attempts: number;
  readonly acceptedAt: string;
  readonly lastAttemptAt: string | null;
  readonly nextAttemptAt: string | null;
  readonly lastStatusCode: number | null;
}

export interface DeliveryListQuery {
  readonly endpointId: string;
  readonly status?: string;
  readonly limit: number;
  /** Opaque cursor from a previous page. */
  readonly cursor?: string;
}

/** Newest first, keyset-paginated on (accepted_at, message id) so pages stay stable while rows are added. */
export async function listEndpointDeliveries(
  db: DataSource,
  query: DeliveryListQuery,
): Promise<{ data: DeliveryListItem[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  const rows: Array<{
    message_id: string;
    event_type: string;
    status: string;
    attempts: number;
    accepted_at: Date;
    last_attempt_at: Date | null;
    next_attempt_at: Date | null;
    last_status_code: number | null;
  }> = await db.query(
    `SELECT d.message_id, m.event_type, d.status, d.attempts, m.accepted_at, d.last_attempt_at, d.next_attempt_at,
            (SELECT a.status_code FROM attempts a WHERE a.message_id = d.message_id AND a.endpoint_id = d.endpoint_id
              ORDER BY a.attempt DESC LIMIT 1) AS last_status_code
     FROM message_deliveries d JOIN messages m ON m.id = d.message_id
     WHERE d.endpoint_id = $1
       AND ($2::text IS NULL OR d.status = $2)
       AND ($3::timestamptz IS NULL OR (m.accepted_at, m.id) < ($3::timestamptz, $4::text))
     ORDER BY m.accepted_at DESC, m.id DESC
     LIMIT $5`,
    [query.endpointId, query.status ?? null, after?.acceptedAt ?? null, after?.messageId ?? null, query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => ({
      messageId: r.message_id,
      eventType: r.event_type,
      status: r.status,
      attempts: r.attempts,
      acceptedAt: r.accepted_at.toISOString(),
      lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
      nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
      lastStatusCode: r.last_status_code,
    })),
    nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor(last.accepted_at.toISOString(), last.message_id) : null,
  };
}

function encodeCursor(acceptedAt: string, messageId: string): string {
  return Buffer.from(JSON.stringify([acceptedAt, messageId])).toString('base64url');
}

export class InvalidCursorError extends Error {}

function decodeCursor(cursor: string): { acceptedAt: string; messageId: string } {
  try {
    const [acceptedAt, messageId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof acceptedAt === 'string' && typeof messageId === 'string') return { acceptedAt, messageId };
  } catch {
    // fall through to the error below: a cursor we did not write
  }
  throw new InvalidCursorError('cursor is not one this API returned');
}
