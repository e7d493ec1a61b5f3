import type { DataSource } from 'typeorm';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'exhausted';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'succeeded', 'failed', 'exhausted'];

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
  /** One of DELIVERY_STATUSES; validated at the HTTP edge. */
  readonly status?: string;
  readonly eventType?: string;
  /** Inclusive lower bound on accepted_at. */
  readonly since?: Date;
  /** Exclusive upper bound on accepted_at. */
  readonly until?: Date;
  readonly limit: number;
  /** Opaque cursor from a previous page. */
  readonly cursor?: string;
}

interface DeliveryRow {
  message_id: string;
  event_type: string;
  status: string;
  attempts: number;
  accepted_at: Date;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
  last_status_code: number | null;
}

/**
 * One endpoint's messages, newest first, keyset-paginated on (accepted_at,
 * message id): a page never repeats or skips a row when newer messages arrive,
 * because the cursor is a position in that order, not an offset. A delivery
 * whose MessageAccepted is not projected yet (another partition) appears once
 * it is.
 */
export async function listEndpointDeliveries(db: DataSource, query: DeliveryListQuery): Promise<{ data: DeliveryListItem[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  const rows: DeliveryRow[] = await db.query(
    `SELECT d.message_id, m.event_type, d.status, d.attempts, m.accepted_at, d.last_attempt_at, d.next_attempt_at,
            (SELECT a.status_code FROM attempts a WHERE a.message_id = d.message_id AND a.endpoint_id = d.endpoint_id
              ORDER BY a.attempt DESC LIMIT 1) AS last_status_code
     FROM message_deliveries d JOIN messages m ON m.id = d.message_id
     WHERE d.endpoint_id = $1
       AND ($2::text IS NULL OR d.status = $2)
       AND ($3::text IS NULL OR m.event_type = $3)
       AND ($4::timestamptz IS NULL OR m.accepted_at >= $4)
       AND ($5::timestamptz IS NULL OR m.accepted_at < $5)
       AND ($6::timestamptz IS NULL OR (m.accepted_at, m.id) < ($6::timestamptz, $7::text))
     ORDER BY m.accepted_at DESC, m.id DESC
     LIMIT $8`,
    [
      query.endpointId,
      query.status ?? null,
      query.eventType ?? null,
      query.since?.toISOString() ?? null,
      query.until?.toISOString() ?? null,
      after?.acceptedAt ?? null,
      after?.messageId ?? null,
      query.limit + 1,
    ],
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
    // accepted_at comes from a JS ISO string (milliseconds), so a Date carries it into the cursor exactly.
    nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor(last) : null,
  };
}

function encodeCursor(row: DeliveryRow): string {
  return Buffer.from(JSON.stringify([row.accepted_at.toISOString(), row.message_id])).toString('base64url');
}

export class InvalidCursorError extends Error {}

function decodeCursor(cursor: string): { acceptedAt: string; messageId: string } {
  try {
    const [acceptedAt, messageId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof acceptedAt === 'string' && typeof messageId === 'string' && !Number.isNaN(Date.parse(acceptedAt))) {
      return { acceptedAt, messageId };
    }
  } catch (error) {
    // Not base64url JSON: a cursor we did not write, reported below.
    if (!(error instanceof SyntaxError)) throw error;
  }
  throw new InvalidCursorError('cursor is not one this API returned');
}
