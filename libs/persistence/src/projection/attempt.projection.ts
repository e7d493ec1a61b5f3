import type { EntityManager } from 'typeorm';
import type { AttemptFailed, AttemptSucceeded } from '@hookline/contracts';
import { mergeDeliveryStatus, redactRequestHeaders, type DeliveryProgress } from '@hookline/domain';
import { DELIVERY_STATUS_UPSERT } from './delivery-status.sql';
import { compare, firstByKey } from './row-order';

type Attempt = AttemptSucceeded | AttemptFailed;

/** '' for facts written before send ids existed: their key stays (message, endpoint, attempt). */
const sendIdOf = (a: Attempt) => a.sendId ?? '';
const rowKey = (messageId: string, endpointId: string, attempt: number, sendId: string) => `${messageId}\u0000${endpointId}\u0000${attempt}\u0000${sendId}`;
const attemptKey = (a: Attempt) => rowKey(a.messageId, a.endpointId, a.attempt, sendIdOf(a));

/**
 * One row per request sent, keyed by (message, endpoint, attempt, send id): a
 * job sent again after a dispatcher crash has a new send id and is a row of its
 * own, so the history shows what the receiver saw. The same fact seen twice
 * (the projector replaying a batch, or twice in one batch) inserts nothing the
 * second time, and the delivery status and stats follow only the rows that
 * were really inserted — so `endpoint_stats` always equals counts over `attempts`.
 */
export async function projectAttempts(db: EntityManager, attempts: readonly Attempt[]): Promise<void> {
  if (attempts.length === 0) return;
  // Folding repeats first keeps "first fact wins" inside a batch exactly as it is across batches.
  const candidates = [...firstByKey(attempts, attemptKey).values()].sort((a, b) => compare(attemptKey(a), attemptKey(b)));
  const inserted: Array<{ message_id: string; endpoint_id: string; attempt: number; send_id: string }> = await db.query(
    `INSERT INTO attempts (message_id, endpoint_id, attempt, send_id, outcome, attempted_at, duration_ms, url, request_headers,
                           status_code, response_body_prefix, reason, error, trace_id)
     SELECT message_id, endpoint_id, attempt, send_id, outcome, attempted_at::timestamptz, duration_ms, url, request_headers::jsonb,
            status_code, response_body_prefix, reason, error, trace_id
     FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[],
                 $9::int[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
       AS t(message_id, endpoint_id, attempt, outcome, attempted_at, duration_ms, url, request_headers,
            status_code, response_body_prefix, reason, error, trace_id, send_id)
     ON CONFLICT DO NOTHING
     RETURNING message_id, endpoint_id, attempt, send_id`,
    [
      candidates.map((a) => a.messageId),
      candidates.map((a) => a.endpointId),
      candidates.map((a) => a.attempt),
      candidates.map((a) => (a.type === 'AttemptSucceeded' ? 'succeeded' : 'failed')),
      candidates.map((a) => a.at),
      candidates.map((a) => Math.round(a.durationMs)),
      candidates.map((a) => a.url),
      // Again here: attempt facts written before issue 11 carry custom header values in clear.
      candidates.map((a) => JSON.stringify(redactRequestHeaders(a.requestHeaders))),
      candidates.map((a) => a.statusCode),
      candidates.map((a) => a.responseBodyPrefix),
      candidates.map((a) => (a.type === 'AttemptFailed' ? a.reason : null)),
      candidates.map((a) => (a.type === 'AttemptFailed' ? a.error : null)),
      candidates.map((a) => a.traceId),
      candidates.map(sendIdOf),
    ],
  );
  const byKey = new Map(candidates.map((a) => [attemptKey(a), a]));
  const fresh = inserted.map((row) => {
    const attempt = byKey.get(rowKey(row.message_id, row.endpoint_id, row.attempt, row.send_id));
    if (attempt === undefined) throw new Error(`inserted attempt ${row.message_id}/${row.endpoint_id}/${row.attempt}/${row.send_id} was not in the batch`);
    return attempt;
  });
  await upsertDeliveryStatus(db, fresh);
  await addToStats(db, fresh);
}

interface DeliveryUpdate extends DeliveryProgress {
  readonly messageId: string;
  readonly endpointId: string;
  readonly lastAttemptAt: string;
}

/**
 * mergeDeliveryStatus decides the status (a success is final, else the highest
 * attempt, a later fact a tie). The in-batch fold below and the ON CONFLICT
 * clause (generated from the same rule) are one associative merge, so any cut
 * of the log into batches gives the same row.
 */
function mergeStatus(seen: DeliveryUpdate | undefined, a: Attempt): DeliveryUpdate {
  const next: DeliveryUpdate = {
    messageId: a.messageId,
    endpointId: a.endpointId,
    status: a.type === 'AttemptSucceeded' ? 'succeeded' : 'failed',
    attempts: a.attempt,
    lastAttemptAt: a.at,
    nextAttemptAt: a.type === 'AttemptFailed' ? a.nextAttemptAt : null,
  };
  if (seen === undefined) return next;
  return {
    ...seen,
    ...mergeDeliveryStatus(seen, next),
    attempts: Math.max(seen.attempts, next.attempts),
    lastAttemptAt: next.lastAttemptAt > seen.lastAttemptAt ? next.lastAttemptAt : seen.lastAttemptAt,
  };
}

async function upsertDeliveryStatus(db: EntityManager, attempts: Attempt[]): Promise<void> {
  const folded = new Map<string, DeliveryUpdate>();
  for (const a of attempts) {
    const k = `${a.messageId}\u0000${a.endpointId}`;
    folded.set(k, mergeStatus(folded.get(k), a));
  }
  const rows = [...folded.values()].sort((a, b) => compare(a.messageId, b.messageId) || compare(a.endpointId, b.endpointId));
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO message_deliveries AS d (message_id, endpoint_id, status, attempts, last_attempt_at, next_attempt_at)
     SELECT message_id, endpoint_id, status, attempts, last_attempt_at::timestamptz, next_attempt_at::timestamptz
     FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[])
       AS t(message_id, endpoint_id, status, attempts, last_attempt_at, next_attempt_at)
     ON CONFLICT (message_id, endpoint_id) DO UPDATE SET
       ${DELIVERY_STATUS_UPSERT},
       attempts = GREATEST(d.attempts, EXCLUDED.attempts),
       last_attempt_at = GREATEST(d.last_attempt_at, EXCLUDED.last_attempt_at)`,
    [
      rows.map((r) => r.messageId),
      rows.map((r) => r.endpointId),
      rows.map((r) => r.status),
      rows.map((r) => r.attempts),
      rows.map((r) => r.lastAttemptAt),
      rows.map((r) => r.nextAttemptAt),
    ],
  );
}

interface StatsDelta {
  total: number;
  ok: number;
  failed: number;
  lastError: AttemptFailed | null;
  lastSuccess: string | null;
}

async function addToStats(db: EntityManager, attempts: Attempt[]): Promise<void> {
  const stats = new Map<string, StatsDelta>();
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
  const entries = [...stats.entries()].sort((a, b) => compare(a[0], b[0]));
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
