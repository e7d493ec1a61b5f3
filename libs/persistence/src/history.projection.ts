import type { EntityManager } from 'typeorm';
import type { AttemptFailed, AttemptSucceeded, DeliveryFact, MessageAccepted, MessageExhausted } from '@hookline/contracts';

type Attempt = AttemptSucceeded | AttemptFailed;

/**
 * Projects delivery-log facts into messages, message_deliveries, attempts and
 * endpoint_stats with one multi-row statement per table. Attempts are keyed by
 * (message, endpoint, attempt); a fact seen twice (a redelivered job after a
 * dispatcher crash) inserts nothing the second time, and stats count only rows
 * that were really inserted.
 */
export async function projectDeliveryFacts(db: EntityManager, facts: readonly DeliveryFact[]): Promise<void> {
  const accepted = facts.filter((f): f is MessageAccepted => f.type === 'MessageAccepted');
  const attempts = facts.filter((f): f is Attempt => f.type === 'AttemptSucceeded' || f.type === 'AttemptFailed');
  const exhausted = facts.filter((f): f is MessageExhausted => f.type === 'MessageExhausted');
  await insertMessages(db, accepted);
  await insertAttempts(db, attempts);
  await markExhausted(db, exhausted);
}

async function insertMessages(db: EntityManager, accepted: MessageAccepted[]): Promise<void> {
  if (accepted.length === 0) return;
  await db.query(
    `INSERT INTO messages (id, project_id, event_id, event_type, payload, created_at, accepted_at, traceparent)
     SELECT id, project_id, event_id, event_type, payload::jsonb, to_timestamp(created_at), accepted_at::timestamptz, traceparent
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::text[])
       AS t(id, project_id, event_id, event_type, payload, created_at, accepted_at, traceparent)
     ON CONFLICT (id) DO NOTHING`,
    [
      accepted.map((f) => f.messageId),
      accepted.map((f) => f.projectId),
      accepted.map((f) => f.eventId),
      accepted.map((f) => f.eventType),
      accepted.map((f) => JSON.stringify(f.data)),
      accepted.map((f) => f.createdAt),
      accepted.map((f) => f.acceptedAt),
      accepted.map((f) => f.traceparent),
    ],
  );
  const pairs = accepted.flatMap((f) => f.endpointIds.map((endpointId) => [f.messageId, endpointId] as const));
  if (pairs.length === 0) return;
  await db.query(
    `INSERT INTO message_deliveries (message_id, endpoint_id, status)
     SELECT message_id, endpoint_id, 'pending' FROM unnest($1::text[], $2::text[]) AS t(message_id, endpoint_id)
     ON CONFLICT DO NOTHING`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}

interface InsertedAttempt {
  message_id: string;
  endpoint_id: string;
  attempt: number;
  outcome: 'succeeded' | 'failed';
}

async function insertAttempts(db: EntityManager, attempts: Attempt[]): Promise<void> {
  if (attempts.length === 0) return;
  const inserted: InsertedAttempt[] = await db.query(
    `INSERT INTO attempts (message_id, endpoint_id, attempt, outcome, attempted_at, duration_ms, url, request_headers,
                           status_code, response_body_prefix, reason, error, trace_id)
     SELECT message_id, endpoint_id, attempt, outcome, attempted_at::timestamptz, duration_ms, url, request_headers::jsonb,
            status_code, response_body_prefix, reason, error, trace_id
     FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[],
                 $9::int[], $10::text[], $11::text[], $12::text[], $13::text[])
       AS t(message_id, endpoint_id, attempt, outcome, attempted_at, duration_ms, url, request_headers,
            status_code, response_body_prefix, reason, error, trace_id)
     ON CONFLICT DO NOTHING
     RETURNING message_id, endpoint_id, attempt, outcome`,
    [
      attempts.map((a) => a.messageId),
      attempts.map((a) => a.endpointId),
      attempts.map((a) => a.attempt),
      attempts.map((a) => (a.type === 'AttemptSucceeded' ? 'succeeded' : 'failed')),
      attempts.map((a) => a.at),
      attempts.map((a) => Math.round(a.durationMs)),
      attempts.map((a) => a.url),
      attempts.map((a) => JSON.stringify(a.requestHeaders)),
      attempts.map((a) => a.statusCode),
      attempts.map((a) => a.responseBodyPrefix),
      attempts.map((a) => (a.type === 'AttemptFailed' ? a.reason : null)),
      attempts.map((a) => (a.type === 'AttemptFailed' ? a.error : null)),
      attempts.map((a) => a.traceId),
    ],
  );
  const key = (m: string, e: string, n: number) => `${m}\u0000${e}\u0000${n}`;
  const byKey = new Map(attempts.map((a) => [key(a.messageId, a.endpointId, a.attempt), a]));
  const fresh = inserted.map((row) => byKey.get(key(row.message_id, row.endpoint_id, row.attempt)) as Attempt);
  await upsertDeliveryStatus(db, fresh);
  await addToStats(db, fresh);
}

/** Latest attempt per (message, endpoint) decides the row; a success is final. */
async function upsertDeliveryStatus(db: EntityManager, attempts: Attempt[]): Promise<void> {
  const latest = new Map<string, Attempt>();
  for (const a of attempts) {
    const k = `${a.messageId}\u0000${a.endpointId}`;
    const seen = latest.get(k);
    if (seen === undefined || a.attempt > seen.attempt || a.type === 'AttemptSucceeded') latest.set(k, a);
  }
  const rows = [...latest.values()];
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO message_deliveries AS d (message_id, endpoint_id, status, attempts, last_attempt_at, next_attempt_at)
     SELECT message_id, endpoint_id, status, attempts, last_attempt_at::timestamptz, next_attempt_at::timestamptz
     FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[])
       AS t(message_id, endpoint_id, status, attempts, last_attempt_at, next_attempt_at)
     ON CONFLICT (message_id, endpoint_id) DO UPDATE SET
       status = CASE
         WHEN d.status = 'succeeded' OR EXCLUDED.status = 'succeeded' THEN 'succeeded'
         WHEN d.status = 'exhausted' THEN 'exhausted'
         WHEN EXCLUDED.attempts >= d.attempts THEN EXCLUDED.status
         ELSE d.status END,
       next_attempt_at = CASE WHEN EXCLUDED.attempts >= d.attempts THEN EXCLUDED.next_attempt_at ELSE d.next_attempt_at END,
       attempts = GREATEST(d.attempts, EXCLUDED.attempts),
       last_attempt_at = GREATEST(d.last_attempt_at, EXCLUDED.last_attempt_at)`,
    [
      rows.map((a) => a.messageId),
      rows.map((a) => a.endpointId),
      rows.map((a) => (a.type === 'AttemptSucceeded' ? 'succeeded' : 'failed')),
      rows.map((a) => a.attempt),
      rows.map((a) => a.at),
      rows.map((a) => (a.type === 'AttemptFailed' ? a.nextAttemptAt : null)),
    ],
  );
}

async function addToStats(db: EntityManager, attempts: Attempt[]): Promise<void> {
  const stats = new Map<string, { total: number; ok: number; failed: number; lastError: AttemptFailed | null; lastSuccess: string | null }>();
  for (const a of attempts) {
    const s = stats.get(a.endpointId) ?? { total: 0, ok: 0, failed: 0, lastError: null, lastSuccess: null };
    s.total += 1;
    if (a.type === 'AttemptSucceeded') {
      s.ok += 1;
      if (s.lastSuccess === null || a.at > s.lastSuccess) s.lastSuccess = a.at;
    } else {
      s.failed += 1;
      if (s.lastError === null || a.at > s.lastError.at) s.lastError = a;
    }
    stats.set(a.endpointId, s);
  }
  if (stats.size === 0) return;
  const entries = [...stats.entries()];
  await db.query(
    `INSERT INTO endpoint_stats AS s (endpoint_id, total, succeeded, failed, last_error, last_error_at, last_success_at)
     SELECT endpoint_id, total, succeeded, failed, last_error, last_error_at::timestamptz, last_success_at::timestamptz
     FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[])
       AS t(endpoint_id, total, succeeded, failed, last_error, last_error_at, last_success_at)
     ON CONFLICT (endpoint_id) DO UPDATE SET
       total = s.total + EXCLUDED.total,
       succeeded = s.succeeded + EXCLUDED.succeeded,
       failed = s.failed + EXCLUDED.failed,
       last_error = CASE WHEN EXCLUDED.last_error_at IS NOT NULL AND (s.last_error_at IS NULL OR EXCLUDED.last_error_at > s.last_error_at)
                         THEN EXCLUDED.last_error ELSE s.last_error END,
       last_error_at = GREATEST(s.last_error_at, EXCLUDED.last_error_at),
       last_success_at = GREATEST(s.last_success_at, EXCLUDED.last_success_at)`,
    [
      entries.map(([id]) => id),
      entries.map(([, s]) => s.total),
      entries.map(([, s]) => s.ok),
      entries.map(([, s]) => s.failed),
      entries.map(([, s]) => (s.lastError === null ? null : (s.lastError.error ?? s.lastError.reason))),
      entries.map(([, s]) => s.lastError?.at ?? null),
      entries.map(([, s]) => s.lastSuccess),
    ],
  );
}

async function markExhausted(db: EntityManager, exhausted: MessageExhausted[]): Promise<void> {
  if (exhausted.length === 0) return;
  await db.query(
    `INSERT INTO message_deliveries AS d (message_id, endpoint_id, status, attempts)
     SELECT message_id, endpoint_id, 'exhausted', attempts FROM unnest($1::text[], $2::text[], $3::int[]) AS t(message_id, endpoint_id, attempts)
     ON CONFLICT (message_id, endpoint_id) DO UPDATE SET
       status = CASE WHEN d.status = 'succeeded' THEN 'succeeded' ELSE 'exhausted' END,
       next_attempt_at = NULL`,
    [exhausted.map((f) => f.messageId), exhausted.map((f) => f.endpointId), exhausted.map((f) => f.attempts)],
  );
}
