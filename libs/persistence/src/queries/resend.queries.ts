import type { DataSource } from 'typeorm';

/** A delivery of a message to an endpoint, with what a new job for it needs. */
export interface DeliveryToResend {
  readonly messageId: string;
  readonly attempts: number;
  readonly status: string;
  readonly projectId: string;
  readonly eventType: string;
  readonly data: Record<string, unknown>;
  /** Unix seconds, the envelope's created_at, unchanged across resends. */
  readonly createdAt: number;
  readonly acceptedAt: Date;
}

interface DeliveryRow {
  message_id: string;
  attempts: number;
  status: string;
  project_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  created_epoch: string;
  accepted_at: Date;
}

// Reads of the projector's history tables for the registry's resend and recover routes.
const SELECT = `
  SELECT d.message_id, d.attempts, d.status, m.project_id, m.event_type, m.payload,
         extract(epoch FROM m.created_at)::text AS created_epoch, m.accepted_at
  FROM message_deliveries d JOIN messages m ON m.id = d.message_id`;

/** The delivery of one message to one endpoint, for a resend. */
export async function findDelivery(db: DataSource, endpointId: string, messageId: string): Promise<DeliveryToResend | undefined> {
  const rows: DeliveryRow[] = await db.query(`${SELECT} WHERE d.message_id = $1 AND d.endpoint_id = $2`, [messageId, endpointId]);
  return rows[0] === undefined ? undefined : delivery(rows[0]);
}

export interface RecoverablePage {
  readonly endpointId: string;
  readonly since: Date;
  readonly until: Date;
  /** Keyset position: only messages after (acceptedAt, messageId). */
  readonly after: { readonly acceptedAt: Date; readonly messageId: string } | null;
  readonly limit: number;
}

/** The endpoint's failed and exhausted deliveries accepted in [since, until), oldest first, one keyset page. */
export async function recoverablePage(db: DataSource, page: RecoverablePage): Promise<DeliveryToResend[]> {
  const rows: DeliveryRow[] = await db.query(
    `${SELECT}
     WHERE d.endpoint_id = $1 AND d.status IN ('failed', 'exhausted')
       AND m.accepted_at >= $2 AND m.accepted_at < $3
       AND ($4::timestamptz IS NULL OR (m.accepted_at, m.id) > ($4::timestamptz, $5::text))
     ORDER BY m.accepted_at, m.id
     LIMIT $6`,
    [
      page.endpointId,
      page.since.toISOString(),
      page.until.toISOString(),
      page.after?.acceptedAt.toISOString() ?? null,
      page.after?.messageId ?? null,
      page.limit,
    ],
  );
  return rows.map(delivery);
}

function delivery(row: DeliveryRow): DeliveryToResend {
  return {
    messageId: row.message_id,
    attempts: row.attempts,
    status: row.status,
    projectId: row.project_id,
    eventType: row.event_type,
    data: row.payload,
    createdAt: Math.floor(Number(row.created_epoch)),
    acceptedAt: row.accepted_at,
  };
}
