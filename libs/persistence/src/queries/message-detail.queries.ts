import type { DataSource } from 'typeorm';

export interface AttemptView {
  readonly attempt: number;
  readonly outcome: 'succeeded' | 'failed';
  readonly attemptedAt: string;
  readonly durationMs: number;
  readonly url: string;
  /** As sent, with signatures and secrets already redacted by the dispatcher. */
  readonly requestHeaders: Record<string, string>;
  readonly responseStatus: number | null;
  readonly responseBodyPrefix: string | null;
  readonly reason: string | null;
  readonly error: string | null;
  readonly traceId: string | null;
}

export interface MessageDelivery {
  readonly endpointId: string;
  readonly status: string;
  readonly attempts: number;
  readonly lastAttemptAt: string | null;
  readonly nextAttemptAt: string | null;
  readonly attemptLog: AttemptView[];
}

export interface MessageDetail {
  readonly id: string;
  readonly projectId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly payload: unknown;
  readonly createdAt: string;
  readonly acceptedAt: string;
  readonly traceparent: string | null;
  readonly deliveries: MessageDelivery[];
}

/**
 * A message with each endpoint's status and every attempt, three indexed
 * reads. Tenant scoping (which deliveries a caller may see) is the API's job.
 */
export async function findMessageDetail(db: DataSource, messageId: string): Promise<MessageDetail | undefined> {
  const messages: Array<{
    id: string;
    project_id: string;
    event_id: string;
    event_type: string;
    payload: unknown;
    created_at: Date;
    accepted_at: Date;
    traceparent: string | null;
  }> = await db.query(`SELECT * FROM messages WHERE id = $1`, [messageId]);
  const message = messages[0];
  if (message === undefined) return undefined;
  const deliveries: Array<{
    endpoint_id: string;
    status: string;
    attempts: number;
    last_attempt_at: Date | null;
    next_attempt_at: Date | null;
  }> = await db.query(`SELECT * FROM message_deliveries WHERE message_id = $1 ORDER BY endpoint_id`, [messageId]);
  const attempts: Array<{
    endpoint_id: string;
    attempt: number;
    outcome: 'succeeded' | 'failed';
    attempted_at: Date;
    duration_ms: number;
    url: string;
    request_headers: Record<string, string>;
    status_code: number | null;
    response_body_prefix: string | null;
    reason: string | null;
    error: string | null;
    trace_id: string | null;
  }> = await db.query(`SELECT * FROM attempts WHERE message_id = $1 ORDER BY endpoint_id, attempt, attempted_at, send_id`, [messageId]);
  return {
    id: message.id,
    projectId: message.project_id,
    eventId: message.event_id,
    eventType: message.event_type,
    payload: message.payload,
    createdAt: message.created_at.toISOString(),
    acceptedAt: message.accepted_at.toISOString(),
    traceparent: message.traceparent,
    deliveries: deliveries.map((d) => ({
      endpointId: d.endpoint_id,
      status: d.status,
      attempts: d.attempts,
      lastAttemptAt: d.last_attempt_at?.toISOString() ?? null,
      nextAttemptAt: d.next_attempt_at?.toISOString() ?? null,
      attemptLog: attempts
        .filter((a) => a.endpoint_id === d.endpoint_id)
        .map((a) => ({
          attempt: a.attempt,
          outcome: a.outcome,
          attemptedAt: a.attempted_at.toISOString(),
          durationMs: a.duration_ms,
          url: a.url,
          requestHeaders: a.request_headers,
          responseStatus: a.status_code,
          responseBodyPrefix: a.response_body_prefix,
          reason: a.reason,
          error: a.error,
          traceId: a.trace_id,
        })),
    })),
  };
}
